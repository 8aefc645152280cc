package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.SkippedEvents;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The topology on the real broker with exactly_once_v2, as the gateway runs it. */
class ProgressTopologyIntegrationTests {

    private static final int ITEMS = 50;

    @TempDir
    Path stateDir;

    private final String bootstrap = TestInfrastructure.broker().bootstrapServers();
    private final Topics topics = new Topics(TestInfrastructure.uniquePrefix());
    private final TestEvents batch = new TestEvents();
    private KafkaStreams streams;
    private Properties properties;

    @BeforeEach
    void startTopology() throws Exception {
        ProgressTopics.create(bootstrap, topics);
        GatewayProperties.Progress settings = new GatewayProperties.Progress(true, topics.prefix() + "progress", stateDir.toString(),
                Duration.ofMillis(100), DataSize.ofMegabytes(16), 1, "", Duration.ofSeconds(10));
        properties = new Properties();
        properties.putAll(ProgressStreamsConfig.properties(settings, topics));
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        start();
    }

    private void start() {
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, topics, SkippedEvents.of(new SimpleMeterRegistry(), SkippedEvents.Reader.PROGRESS));
        streams = new KafkaStreams(builder.build(), properties);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterEach
    void stopTopology() {
        streams.close(Duration.ofSeconds(10));
        streams.cleanUp();
    }

    @Test
    void exactlyOnceTopologyCountsEveryItemOnceDespiteDuplicatesAndAPoisonRecord() {
        List<BatchEvent> items = itemEvents();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            BatchEventSerde serde = new BatchEventSerde();
            send(producer, serde, List.of(batch.created(0), batch.started(ITEMS, 5)));
            send(producer, serde, items.subList(0, 100));
            producer.send(new ProducerRecord<>(topics.batchEvents(), batch.key(),
                    "{\"type\":".getBytes(StandardCharsets.UTF_8)));
            // another batch's result under this batch's key: it must not count here (RELIABILITY.md, bad inputs)
            producer.send(new ProducerRecord<>(topics.batchEvents(), batch.key(),
                    serde.serialize(topics.batchEvents(), new TestEvents().completed(0, 1, 1_000))));
            send(producer, serde, items.subList(100, items.size()));
            send(producer, serde, List.of(batch.finished(BatchStatus.COMPLETED, null, ITEMS, ITEMS, 0, 5_000)));
        }

        ProgressSnapshot last = awaitFinalSnapshot();

        assertThat(items).hasSize(200);
        assertThat(last).extracting(ProgressSnapshot::total, ProgressSnapshot::completed, ProgressSnapshot::failed,
                ProgressSnapshot::pending, ProgressSnapshot::inProgress, ProgressSnapshot::cancelled,
                ProgressSnapshot::percentage).containsExactly(50L, 50L, 0L, 0L, 0L, 0L, 100.0);
        // created + started + 180 distinct item events + completed; the 20 duplicates moved nothing
        assertThat(last.version()).isEqualTo(183);
        List<ConsumerRecord<String, byte[]>> deadLetters = deadLetters(2);
        assertThat(deadLetters).hasSize(2).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(batch.key());
            assertThat(record.headers().lastHeader("__streams.errors.topic").value())
                    .asString(StandardCharsets.UTF_8).isEqualTo(topics.batchEvents());
        });
        assertThat(deadLetters.get(1).headers().lastHeader("__streams.errors.exception").value())
                .asString(StandardCharsets.UTF_8).endsWith("MisaddressedRecordException");
    }

    @Test
    void resetAndReprocessingGivesByteIdenticalFinalSnapshots() throws Exception {
        List<TestEvents> batches = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            BatchEventSerde serde = new BatchEventSerde();
            for (int b = 0; b < 20; b++) {
                TestEvents finished = new TestEvents();
                batches.add(finished);
                List<BatchEvent> events = new ArrayList<>(List.of(finished.created(0), finished.started(8, 5),
                        finished.stage("warm-up", 6)));
                for (int index = 0; index < 8; index++) {
                    events.add(finished.dispatched(index, 1, 10 + index * 30L));
                    events.add(finished.itemStarted(index, 1, 12 + index * 30L));
                    events.add(index % 4 == 3 ? finished.failed(index, 1, "BAD_INPUT", 30 + index * 30L)
                            : finished.completed(index, 1, 30 + index * 30L, index * 1.5, 18));
                }
                events.add(finished.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 8, 6, 2, 400));
                for (BatchEvent event : events) {
                    producer.send(new ProducerRecord<>(topics.batchEvents(), finished.key(),
                            serde.serialize(topics.batchEvents(), event)));
                }
            }
        }
        Map<String, byte[]> first = finalSnapshots(batches, Map.of());
        Map<TopicPartition, Long> afterFirstRun = endOffsets(topics.batchProgress());

        // what kafka-streams-application-reset does: drop local state, committed offsets, internal topics
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(10)));
        streams.cleanUp();
        String applicationId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // the group empties once the closed instance's member has left
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.deleteConsumerGroups(List.of(applicationId)).all().get();
                return true;
            });
            List<String> internal = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-")).toList();
            admin.deleteTopics(internal).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().stream()
                    .noneMatch(name -> name.startsWith(applicationId + "-")));
        }
        start();
        Map<String, byte[]> second = finalSnapshots(batches, afterFirstRun);

        assertThat(second.keySet()).hasSize(20);
        for (TestEvents finished : batches) {
            assertThat(new String(second.get(finished.key()), StandardCharsets.UTF_8))
                    .isEqualTo(new String(first.get(finished.key()), StandardCharsets.UTF_8));
        }
        assertThat(new String(first.get(batches.get(0).key()), StandardCharsets.UTF_8))
                .contains("\"completed\":6", "\"failed\":2", "\"status\":\"completed_with_errors\"");
    }

    /** The newest snapshot bytes of each batch once every batch has its final one, read from {@code from}. */
    private Map<String, byte[]> finalSnapshots(List<TestEvents> batches, Map<TopicPartition, Long> from) {
        Map<String, byte[]> latest = new HashMap<>();
        Set<String> finished = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.batchProgress()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach(consumer::seek);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                    if (new String(record.value(), StandardCharsets.UTF_8).contains("\"completed_with_errors\"")) {
                        finished.add(record.key());
                    }
                }
                return batches.stream().allMatch(batch -> finished.contains(batch.key()));
            });
        }
        return latest;
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** 50 items dispatched, started, completed; ten of them retried once; twenty events sent twice. */
    private List<BatchEvent> itemEvents() {
        List<BatchEvent> events = new ArrayList<>();
        for (int index = 0; index < ITEMS; index++) {
            long t = 10 + index * 20L;
            events.add(batch.dispatched(index, 1, t));
            events.add(batch.itemStarted(index, 1, t + 1));
            int attempt = 1;
            if (index % 5 == 0) {
                events.add(batch.retrying(index, 1, t + 2));
                attempt = 2;
                events.add(batch.dispatched(index, attempt, t + 3));
                events.add(batch.itemStarted(index, attempt, t + 4));
            }
            events.add(batch.completed(index, attempt, t + 5, (double) index, 4));
        }
        List<BatchEvent> withDuplicates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            withDuplicates.add(events.get(i));
            if (i % 9 == 8) {
                withDuplicates.add(events.get(i));
            }
        }
        return withDuplicates;
    }

    private void send(KafkaProducer<String, byte[]> producer, BatchEventSerde serde, List<BatchEvent> events) {
        for (BatchEvent event : events) {
            producer.send(new ProducerRecord<>(topics.batchEvents(), batch.key(),
                    serde.serialize(topics.batchEvents(), event)));
        }
    }

    private ProgressSnapshot awaitFinalSnapshot() {
        AtomicReference<ProgressSnapshot> last = new AtomicReference<>();
        try (KafkaConsumer<String, ProgressSnapshot> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ProgressSnapshotSerde())) {
            consumer.subscribe(List.of(topics.batchProgress()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> last.set(record.value()));
                return last.get() != null && last.get().status() == BatchStatus.COMPLETED;
            });
        }
        return last.get();
    }

    /** The dead letters, once there are at least {@code expected} of them. */
    private List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter(topics.batchEvents())));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "reader-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }
}
