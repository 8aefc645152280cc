package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * One real Kafka node in KRaft mode (combined broker and controller), run from Kafka's own server
 * jars as a JVM of its own on fixed loopback ports. Its log directory is formatted once; a restart
 * on the same data directory keeps every topic. {@link KafkaCluster} starts one or three of them.
 */
final class KafkaBroker {

    private final int nodeId;
    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String voters;
    private final String classpath;
    private final String clusterId;
    private final int clusterSize;
    /** Listeners advertised at a test's proxies (F7), PROXIED1 onwards; usually none. */
    private final List<NetworkDetours.BrokerRoute> proxied;
    /** Null for a plaintext node without authorization. */
    private final KafkaCredentials security;
    private ChildProcess process;

    /**
     * @param voters      the controller quorum, {@code 1@127.0.0.1:port,2@...}
     * @param clusterSize 1 (replication factor 1) or 3 (RF 3, min ISR 2)
     * @param proxied     further listeners, each advertised at the proxy in front of it (see {@link NetworkDetours})
     * @param security    the users of a secured node (SASL and ACLs), or null
     */
    KafkaBroker(int nodeId, Path directory, int port, int controllerPort, String voters, int clusterSize,
            String clusterId, String classpath, List<NetworkDetours.BrokerRoute> proxied, KafkaCredentials security) {
        this.proxied = List.copyOf(proxied);
        this.nodeId = nodeId;
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.voters = voters;
        this.clusterSize = clusterSize;
        this.clusterId = clusterId;
        this.classpath = classpath;
        this.security = security;
    }

    int nodeId() {
        return nodeId;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }

    /** Formats the log directory on the first start and starts the JVM; {@link #awaitListening} waits for it. */
    ChildProcess start(Path logs) {
        if (process == null) {
            Path config = writeConfig();
            List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                    "-t", clusterId, "-c", config.toString()));
            if (security != null) {
                format.addAll(security.formatArguments());
            }
            new ChildProcess("kafka-storage-format-" + nodeId,
                    ChildProcess.java(jvm(), format.toArray(String[]::new)),
                    Map.of(), logs.resolve(name() + "-format.log"))
                    .runToCompletion(Duration.ofSeconds(60));
            process = new ChildProcess(name(), ChildProcess.java(jvm(), "kafka.Kafka", config.toString()), Map.of(),
                    logs.resolve(name() + ".log"));
        }
        return process.start();
    }

    private String name() {
        return clusterSize == 1 ? "kafka" : "kafka-" + nodeId;
    }

    private List<String> jvm() {
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", clusterSize == 1 ? "-Xmx1g" : "-Xmx512m", "-XX:+UseSerialGC"));
        // BATCHPULSE_BROKER_JAVA_OPTS: added to (or, being later, overriding) these; the tests ask for C1 only
        String extra = System.getenv().getOrDefault("BATCHPULSE_BROKER_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(Arrays.asList(extra.split("\\s+")));
        }
        jvm.add("-cp");
        jvm.add(classpath);
        return jvm;
    }

    /** Until the node accepts connections: a node of a three-node quorum only does once the quorum formed. */
    void awaitListening(Duration timeout) {
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

    /** The id every node of one cluster is formatted with, kept in {@code directory} across restarts. */
    static String clusterId(Path directory) {
        Path file = directory.resolve("cluster.id");
        try {
            Files.createDirectories(directory);
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
        short replicas = (short) Math.min(clusterSize, 3);
        int minIsr = replicas == 1 ? 1 : 2;
        // RF 3 with min ISR 2 and no unclean leader election: an acknowledged (acks=all) write
        // survives the loss of any one node, and a stale replica never becomes leader. A broker waits
        // 5 min (not 60 s) to register with the quorum: three starting on two busy cores took longer.
        String properties = """
                process.roles=broker,controller
                node.id=%4$d
                controller.quorum.voters=%5$s
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                default.replication.factor=%6$d
                min.insync.replicas=%7$d
                unclean.leader.election.enable=false
                offsets.topic.replication.factor=%6$d
                transaction.state.log.replication.factor=%6$d
                transaction.state.log.min.isr=%7$d
                share.coordinator.state.topic.replication.factor=%6$d
                share.coordinator.state.topic.min.isr=%7$d
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=false
                initial.broker.registration.timeout.ms=300000
                """.formatted(port, controllerPort, directory.resolve("logs"), nodeId, voters, replicas, minIsr);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("server.properties");
            String config = withProxiedListeners(properties);
            if (security != null) {
                // the admin password is in it
                KafkaCredentials.restrictToOwner(file);
                config += security.brokerProperties(config);
            }
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka configuration", e);
        }
    }

    /**
     * Adds the proxied listeners to the listener lines, each speaking the protocol of the listener
     * that clients are advertised (so they stay right whatever security that one gets). Brokers keep
     * talking to each other on their own listener: only the chosen clients go through proxies.
     */
    private String withProxiedListeners(String properties) {
        if (proxied.isEmpty()) {
            return properties;
        }
        String clientListener = value(properties, "advertised.listeners").split(",")[0].split(":")[0];
        String protocol = Arrays.stream(value(properties, "listener.security.protocol.map").split(","))
                .filter(entry -> entry.startsWith(clientListener + ":"))
                .map(entry -> entry.substring(clientListener.length() + 1))
                .findFirst().orElse("PLAINTEXT");
        StringBuilder listeners = new StringBuilder();
        StringBuilder advertised = new StringBuilder();
        StringBuilder protocols = new StringBuilder();
        for (int i = 0; i < proxied.size(); i++) {
            String name = "PROXIED" + (i + 1);
            listeners.append(',').append(name).append("://127.0.0.1:").append(proxied.get(i).listenerPort());
            advertised.append(',').append(name).append("://127.0.0.1:").append(proxied.get(i).advertisedPort());
            protocols.append(',').append(name).append(':').append(protocol);
        }
        return properties.lines().map(line -> {
            if (line.startsWith("listeners=")) {
                return line + listeners;
            } else if (line.startsWith("advertised.listeners=")) {
                return line + advertised;
            } else if (line.startsWith("listener.security.protocol.map=")) {
                return line + protocols;
            }
            return line;
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String value(String properties, String key) {
        return properties.lines().filter(line -> line.startsWith(key + "=")).findFirst()
                .map(line -> line.substring(key.length() + 1).trim())
                .orElseThrow(() -> new IllegalStateException("no " + key + " in the broker configuration"));
    }
}
