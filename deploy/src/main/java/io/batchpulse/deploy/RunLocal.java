package io.batchpulse.deploy;

import io.batchpulse.events.Topics;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/run-local}: starts Batchpulse on embedded infrastructure and prints one line,
 * {@code Batchpulse is ready at http://127.0.0.1:PORT}, once the API answers. Ctrl-C stops
 * everything it started. Progress goes to stderr; stdout carries the ready line and the demo id.
 */
public final class RunLocal {

    private RunLocal() {
    }

    public static void main(String[] args) {
        LaunchOptions options = CommandLineArgs.parseOrExit("run-local", LaunchOptions.USAGE, LaunchOptions::parse, args);
        long startedAt = System.nanoTime();
        LocalCluster cluster = new LocalCluster(options, Topics.DEFAULT_PREFIX);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println(cluster.recordsClassDataOnStop()
                    ? "Stopping Batchpulse (this first stop also records class data for faster starts: up to a minute)..."
                    : "Stopping Batchpulse...");
            cluster.close();
            stopped.countDown();
        }, "run-local-stop"));

        System.err.println("Starting Kafka (" + options.brokers() + (options.brokers() == 1 ? " broker" : " brokers")
                + "), PostgreSQL and " + (options.workers() + options.orchestrators() + options.gateways()) + " services; data and logs in "
                + options.dataDir());
        try {
            cluster.start();
        } catch (RuntimeException e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Batchpulse is ready at " + cluster.gatewayUrl());
        cluster.kafka().usersFile().ifPresent(users -> System.err.println("Kafka requires SASL/SCRAM-SHA-512 on "
                + cluster.bootstrapServers() + "; its users' passwords are in " + users));
        System.err.println("Started in " + Duration.ofNanos(System.nanoTime() - startedAt).toMillis() + " ms. "
                + "Logs: " + options.dataDir().resolve("logs") + ". Ctrl-C stops everything.");
        if (options.demo()) {
            UUID batch = new DemoBatch(cluster.gatewayUrl()).submit();
            System.out.println("Demo batch " + batch + " submitted (" + DemoBatch.ITEMS + " simulated items, user demo); "
                    + "watch it: " + cluster.gatewayUrl() + "/#/batches/" + batch);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
