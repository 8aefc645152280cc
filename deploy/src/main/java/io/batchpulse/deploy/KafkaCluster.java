package io.batchpulse.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The local Kafka: one KRaft node (replication factor 1, run-local's default), or three, each a
 * broker and a controller of one quorum, with RF 3 and {@code min.insync.replicas} 2 as in
 * production. Node i (from 0) listens on {@code kafkaPort + 2i}, its controller on the port after.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final List<KafkaBroker> nodes;
    private final Path logs;
    /** The users of a secured cluster, else null. */
    private final KafkaCredentials security;

    /**
     * {@code detours}: listeners on every node for F7's proxies, or none; see {@link NetworkDetours}.
     * {@code security}: the users of a secured cluster (SASL and ACLs), or null for a plaintext one.
     */
    KafkaCluster(int size, Path directory, int kafkaPort, Path logs, String classpath, NetworkDetours detours,
            KafkaCredentials security) {
        this.logs = logs;
        this.security = security;
        detours.kafkaLinks().stream().filter(link -> link.brokers().size() != size).findFirst().ifPresent(link -> {
            throw new IllegalArgumentException(link.brokers().size() + " proxied routes for " + size + " brokers");
        });
        String clusterId = KafkaBroker.clusterId(directory);
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + (kafkaPort + 2 * i + 1))
                .collect(Collectors.joining(","));
        List<KafkaBroker> created = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // one node keeps the layout of earlier releases, so an old --data-dir still starts
            Path nodeDirectory = size == 1 ? directory : directory.resolve("node-" + (i + 1));
            created.add(new KafkaBroker(i + 1, nodeDirectory, kafkaPort + 2 * i, kafkaPort + 2 * i + 1, voters, size,
                    clusterId, classpath, detours.routes(i + 1), security));
        }
        this.nodes = List.copyOf(created);
    }

    /** Starts every node at once (a quorum of three forms only when they are all up) and waits for them. */
    KafkaCluster start() {
        nodes.forEach(node -> node.start(logs));
        nodes.stream()
                .map(node -> CompletableFuture.runAsync(() -> node.awaitListening(START_TIMEOUT)))
                .toList()
                .forEach(CompletableFuture::join);
        return this;
    }

    public String bootstrapServers() {
        return nodes.stream().map(KafkaBroker::address).collect(Collectors.joining(","));
    }

    /**
     * Readies a secured cluster for the services (their users, the topics, the ACLs); nothing to do
     * for a plaintext one, where any client may do anything and the services create the topics.
     *
     * @param serviceEnv the services' own variables, which may size the topics
     */
    void admitServices(String topicPrefix, Map<String, String> serviceEnv) {
        if (security != null) {
            SecureKafkaSetup.prepare(bootstrapServers(), security,
                    SecureKafkaSetup.topics(topicPrefix, nodes.size(), serviceEnv));
        }
    }

    /** What a Kafka client needs to connect as {@code user}: only the bootstrap servers on a plaintext cluster. */
    public Map<String, Object> clientConfig(KafkaUser user) {
        Map<String, Object> config = new HashMap<>(security == null ? Map.of() : security.clientProperties(user));
        config.put("bootstrap.servers", bootstrapServers());
        return config;
    }

    /** The environment that makes a service (named as its module) connect as its own user. */
    Map<String, String> serviceEnvironment(String module) {
        return security == null ? Map.of() : security.serviceEnvironment(KafkaUser.named(module));
    }

    /** On a secured cluster, the file that holds its users' passwords. */
    public Optional<Path> usersFile() {
        return Optional.ofNullable(security).map(KafkaCredentials::file);
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code nodeId}'s process (ids start at 1, as in the brokers' own {@code node.id}). */
    public ChildProcess node(int nodeId) {
        return nodes.get(nodeId - 1).process();
    }

    /** Starts a stopped or killed node again on its data and waits until it accepts connections. */
    public void restart(int nodeId) {
        KafkaBroker node = nodes.get(nodeId - 1);
        node.start(logs);
        node.awaitListening(START_TIMEOUT);
    }

    @Override
    public void close() {
        nodes.stream()
                .map(KafkaBroker::process)
                .filter(process -> process != null)
                .map(process -> CompletableFuture.runAsync(() -> process.stop(STOP_GRACE)))
                .toList()
                .forEach(CompletableFuture::join);
    }
}
