package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.Topics;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.CancelBatch;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.model.Requester;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code deploy/run-local --secure}, on one cluster of its own: every client of every service
 * authenticates with SCRAM as its service's user and a batch runs end to end under least-privilege
 * ACLs; a worker cannot write commands, the tool user can write commands and nothing else, a
 * client without a valid login gets nothing; and a command's requestedBy is believed because only
 * the gateway and the tool may write commands (the orchestrator still checks what it names).
 */
class SecureClusterIntegrationTests {

    private static LocalCluster cluster;
    private static Topics topics;
    private static Batches batches;

    @BeforeAll
    static void start() throws IOException {
        Path dataDir = Files.createDirectories(Path.of("target", "secure-" + System.currentTimeMillis()))
                .toAbsolutePath();
        LaunchOptions options = new LaunchOptions(Path.of("..").toAbsolutePath().normalize(), FreePorts.block(4), 1,
                false, dataDir, true, FreePorts.block(2), FreePorts.block(1), 1, 1, 1, true);
        topics = new Topics("secure" + UUID.randomUUID().toString().substring(0, 6) + ".");
        String logging = KafkaClientConfigs.LOGGERS.stream().map(logger -> "\"" + logger + "\": \"INFO\"")
                .collect(Collectors.joining(", ", "{\"logging\": {\"level\": {", "}}}"));
        cluster = new LocalCluster(options, topics.prefix(), Map.of("SPRING_APPLICATION_JSON", logging)).start();
        batches = new Batches(cluster, ApiClient.as(cluster.gatewayUrl(), "alice"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBatchRunsEndToEndWithEveryServiceOnItsOwnUserAndEveryClientOnScram() {
        UUID batch = batches.create(Batches.body("secure-pipeline", 30, 20, 0.0, 1, "PT1M"));
        assertThat(batches.awaitStatus(batch, "completed").path("completedItems").asLong()).isEqualTo(30);

        Map<ChildProcess, List<String>> kinds = Map.of(
                cluster.orchestrator(), List.of("ProducerConfig", "ConsumerConfig", "AdminClientConfig"),
                cluster.worker(0), List.of("ProducerConfig", "ConsumerConfig", "AdminClientConfig"),
                cluster.gateway(), List.of("ProducerConfig", "ConsumerConfig", "AdminClientConfig", "StreamsConfig"));
        kinds.forEach((service, expected) -> {
            List<KafkaClientConfigs.Logged> clients = KafkaClientConfigs.in(service.logFile());
            assertThat(clients).as(service.name()).extracting(KafkaClientConfigs.Logged::kind)
                    .containsAll(expected);
            assertThat(clients).as(service.name()).allSatisfy(client -> assertThat(client.values())
                    .as("%s %s", service.name(), client.kind())
                    .containsEntry("security.protocol", "SASL_PLAINTEXT"));
            // StreamsConfig names no sasl.* key: it hands them on to its own clients, logged with the others
            assertThat(clients).as(service.name()).filteredOn(client -> !client.kind().equals("StreamsConfig"))
                    .allSatisfy(client -> assertThat(client.values()).as("%s %s", service.name(), client.kind())
                            .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                            .containsEntry("sasl.jaas.config", "[hidden]"));
        });
    }

    @Test
    void theKafkaPasswordsAreInOneFileOnlyItsOwnerMayRead() throws IOException {
        Path users = cluster.kafka().usersFile().orElseThrow();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
        assertThat(Files.readString(users)).contains(KafkaUser.TOOL.username() + "=");
    }

    @Test
    void aWorkerCannotWriteCommands() {
        try (KafkaProducer<String, String> worker = producer(cluster.kafka().clientConfig(KafkaUser.WORKER))) {
            assertThatThrownBy(() -> worker.send(record(topics.batchCommands())).get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theToolMayWriteCommandsAndNothingElse() throws Exception {
        for (String topic : List.of(topics.batchEvents(), topics.itemDispatch())) {
            try (KafkaProducer<String, String> tool = producer(cluster.kafka().clientConfig(KafkaUser.TOOL))) {
                assertThatThrownBy(() -> tool.send(record(topic)).get()).as(topic)
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
            }
        }
        try (CommandTopic tool = new CommandTopic(cluster, new Requester("ops", true))) {
            // written (the orchestrator then answers that no such batch exists)
            assertThat(tool.send(UUID.randomUUID(), PauseBatch::new)).isNotNull();
        }
        Map<String, Object> reader = new HashMap<>(cluster.kafka().clientConfig(KafkaUser.TOOL));
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> tool = new KafkaConsumer<>(reader, new StringDeserializer(),
                new StringDeserializer())) {
            tool.assign(List.of(new TopicPartition(topics.batchCommands(), 0)));
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                    assertThatThrownBy(() -> tool.poll(Duration.ofSeconds(1)))
                            .isInstanceOf(TopicAuthorizationException.class));
        }
    }

    @Test
    void aClientWithoutAValidLoginGetsNothing() {
        Map<String, Object> plaintext = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin anonymous = Admin.create(plaintext)) {
            assertThatThrownBy(() -> anonymous.listTopics(new ListTopicsOptions().timeoutMs(5_000)).names().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
        }
        Map<String, Object> wrongPassword = new HashMap<>(cluster.kafka().clientConfig(KafkaUser.WORKER));
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + KafkaUser.WORKER.username() + "\" password=\"guessed\";");
        try (Admin impostor = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> impostor.listTopics(new ListTopicsOptions().timeoutMs(30_000)).names().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /**
     * The tool writes for whom it names, as the gateway does for the caller its token names; the
     * orchestrator applies a command only if that requester may control the batch (its owner, or an
     * admin). Both commands go to the batch's partition, so they are handled in the order sent.
     */
    @Test
    void theOrchestratorBelievesRequestedByFromTheToolAndStillChecksIt() throws Exception {
        ObjectNode slow = Batches.body("secure-trust", 20, 2_000, 0.0, 1, "PT1M");
        ((ObjectNode) slow.path("options")).put("maxInFlight", 1);
        UUID batch = batches.create(slow);

        UUID cancel;
        try (CommandTopic stranger = new CommandTopic(cluster, new Requester("mallory", false))) {
            cancel = stranger.send(batch, CancelBatch::new);
        }
        UUID pause;
        try (CommandTopic operator = new CommandTopic(cluster, new Requester("ops", true))) {
            pause = operator.send(batch, PauseBatch::new);
        }

        batches.awaitStatus(batch, "paused");
        List<BatchEventLog.Logged> events = BatchEventLog.loggedOf(cluster.kafka().clientConfig(KafkaUser.ADMIN),
                topics.batchEvents(), batch);
        assertThat(events).extracting(BatchEventLog.Logged::event).filteredOn(CommandRejected.class::isInstance)
                .map(CommandRejected.class::cast).filteredOn(rejected -> rejected.commandId().equals(cancel))
                .singleElement().extracting(CommandRejected::code).isEqualTo("NOT_FOUND");
        assertThat(events).extracting(BatchEventLog.Logged::event).filteredOn(BatchPaused.class::isInstance)
                .map(BatchPaused.class::cast).singleElement()
                .satisfies(paused -> assertThat(paused.commandId()).isEqualTo(pause))
                .extracting(BatchPaused::requestedBy).isEqualTo("ops");
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static ProducerRecord<String, String> record(String topic) {
        return new ProducerRecord<>(topic, UUID.randomUUID().toString(), "{\"type\":\"secure-probe\"}");
    }
}
