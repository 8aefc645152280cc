package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller), run from Kafka's own
 * server jars as a JVM of its own on fixed loopback ports. Its log directory is formatted once;
 * a restart on the same data directory keeps every topic.
 */
final class KafkaBroker {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private ChildProcess process;

    KafkaBroker(Path directory, int port, int controllerPort, String classpath) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ChildProcess start(Path logs) {
        Path config = writeConfig();
        List<String> jvm = List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-cp", classpath);
        new ChildProcess("kafka-storage-format",
                ChildProcess.java(jvm, "kafka.tools.StorageTool", "format", "--ignore-formatted",
                        "-t", clusterId(), "-c", config.toString()),
                Map.of(), logs.resolve("kafka-format.log"))
                .runToCompletion(Duration.ofSeconds(60));
        process = new ChildProcess("kafka", ChildProcess.java(jvm, "kafka.Kafka", config.toString()), Map.of(),
                logs.resolve("kafka.log")).start();
        awaitListening(Duration.ofSeconds(60));
        return process;
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited during start-up; see " + process.logFile());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException("Kafka did not listen on " + port + " within " + timeout);
    }

    private String clusterId() {
        Path file = directory.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeConfig() {
        String properties = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=false
                """.formatted(port, controllerPort, directory.resolve("logs"));
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("server.properties");
            Files.writeString(file, properties);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka configuration", e);
        }
    }
}
