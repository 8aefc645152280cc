package io.batchpulse.deploy;

import io.batchpulse.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One running Batchpulse for all end-to-end test classes of this JVM: starting five JVMs, a
 * broker and a database takes a while, and every test uses batches of its own. Tests that stop
 * a service start it again before they end.
 */
public final class E2eCluster {

    /** The endpoints http batches of these tests call, on a loopback address no service listens on. */
    static final String HTTP_TARGET_HOST = "127.0.0.3";

    /**
     * Every service reads the allow-list (the gateways at create, the workers on each call); the
     * orchestrator's shared limits are those of SharedLimitEndToEndIntegrationTests and
     * ui/QueuePlaceUiIntegrationTests.
     */
    // callbacks to the tests' own receivers on loopback, retried quickly
    private static final Map<String, String> SERVICE_ENV = Map.of(
            "BATCHPULSE_CALLBACK_ALLOWED_TARGETS", "127.0.0.1",
            "ORCHESTRATOR_CALLBACKS_POLL_INTERVAL", "200ms",
            "ORCHESTRATOR_CALLBACKS_INITIAL_BACKOFF", "500ms",
            "ORCHESTRATOR_CALLBACKS_JITTER", "100ms",
            "BATCHPULSE_HTTP_ALLOWED_TARGETS", HTTP_TARGET_HOST,
            "SPRING_APPLICATION_JSON", """
                    {"orchestrator": {"limits": {
                        "e2e-shared": {"max-concurrent": 3},
                        "e2e-throttled": {"max-concurrent": 1},
                        "e2e-queue": {"max-concurrent": 1}}}}""");

    private static LocalCluster cluster;
    private static Topics topics;

    private E2eCluster() {
    }

    public static synchronized LocalCluster get() {
        if (cluster == null) {
            try {
                // kept under target/ so the services' logs can be read after a failure
                Path dataDir = Files.createDirectories(Path.of("target", "e2e-" + System.currentTimeMillis()))
                        .toAbsolutePath();
                LaunchOptions options = new LaunchOptions(Path.of("..").toAbsolutePath().normalize(),
                        FreePorts.block(6), 2, false, dataDir, true, FreePorts.block(2), FreePorts.block(1));
                topics = new Topics("e2e" + UUID.randomUUID().toString().substring(0, 6) + ".");
                LocalCluster started = new LocalCluster(options, topics.prefix(), SERVICE_ENV);
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-cluster-stop"));
                cluster = started.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cluster;
    }

    static Topics topics() {
        get();
        return topics;
    }
}
