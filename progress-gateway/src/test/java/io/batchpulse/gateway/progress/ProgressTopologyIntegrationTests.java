package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

    @BeforeEach
    void startTopology() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.batchEvents(), 3, (short) 1),
                    new NewTopic(Topics.deadLetter(topics.batchEvents()), 3, (short) 1),
                    new NewTopic(topics.batchProgress(), 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        }
        ProgressSettings settings = new ProgressSettings(true, topics.prefix() + "progress", stateDir.toString(),
                Duration.ofMillis(100), DataSize.ofMegabytes(16), 1);
        Properties properties = new Properties();
        properties.putAll(ProgressStreamsConfig.properties(settings, topics));
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, topics);
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
        assertThat(deadLetters()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(batch.key());
            assertThat(record.headers().lastHeader("__streams.errors.topic").value())
                    .asString(StandardCharsets.UTF_8).isEqualTo(topics.batchEvents());
        });
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

    private List<ConsumerRecord<String, byte[]>> deadLetters() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter(topics.batchEvents())));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
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
