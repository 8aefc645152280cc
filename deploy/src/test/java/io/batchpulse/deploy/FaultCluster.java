package io.batchpulse.deploy;

import io.batchpulse.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The production shape on one machine, shared by the fault tests of this JVM: three KRaft brokers
 * (RF 3, min ISR 2, no unclean election), PostgreSQL, two orchestrators, three workers and two
 * gateways. The services print their effective producer configs so a test can read them. A test
 * that stops something starts it again before it ends. One worker and one gateway reach the brokers,
 * and the orchestrators PostgreSQL, through proxies ({@link #network()}) that a test may break and
 * must heal before it ends; the rest connect directly.
 */
final class FaultCluster {

    /**
     * Kafka clients print their effective configs at INFO (the worker quiets them by default), and
     * the orchestrators' fault points may be armed through their actuator (F2 at chosen points).
     */
    private static final String SERVICE_SETTINGS = """
            {"logging.level.org.apache.kafka.clients.producer.ProducerConfig": "INFO",
             "orchestrator.fault-points": true,
             "management.endpoints.web.exposure.include": "health,info,metrics,prometheus,faultpoints"}""";

    private static LocalCluster cluster;
    private static NetworkProxies network;

    private FaultCluster() {
    }

    static synchronized LocalCluster get() {
        if (cluster == null) {
            try {
                Path dataDir = Files.createDirectories(Path.of("target", "faults-" + System.currentTimeMillis()))
                        .toAbsolutePath();
                int workers = 3;
                int gateways = 2;
                int orchestrators = 2;
                LaunchOptions options = new LaunchOptions(Path.of("..").toAbsolutePath().normalize(),
                        FreePorts.block(1 + workers + gateways + orchestrators), workers, false, dataDir, true,
                        FreePorts.block(6), FreePorts.block(1), 3, gateways, orchestrators);
                Topics topics = new Topics("faults" + UUID.randomUUID().toString().substring(0, 6) + ".");
                NetworkProxies proxies = NetworkProxies.start(options.brokers(), options.postgresPort());
                LocalCluster started = new LocalCluster(options, topics.prefix(),
                        Map.of("SPRING_APPLICATION_JSON", SERVICE_SETTINGS)).withDetours(proxies.detours());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    proxies.close();
                }, "fault-cluster-stop"));
                network = proxies;
                cluster = started.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cluster;
    }

    /** The links of {@link #get()}'s cluster that go through proxies. */
    static synchronized NetworkProxies network() {
        get();
        return network;
    }
}
