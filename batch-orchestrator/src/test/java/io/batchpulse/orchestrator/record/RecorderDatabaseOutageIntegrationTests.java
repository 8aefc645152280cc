package io.batchpulse.orchestrator.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.DeadLetters;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import io.batchpulse.testsupport.net.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.event.ConsumerPausedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * RELIABILITY.md, bad inputs: PostgreSQL goes away while the recorder flushes a poll that holds
 * good results and records it cannot read or that are misaddressed. The poll is retried until the
 * database is back (through a fault-injecting proxy, cut); then every result is recorded once and
 * only the bad records go to the DLT, once each. Spring Kafka's whole-poll retry cannot take a
 * failed record's index: when the bad records left the listener as exceptions, the first retry
 * after the outage dead-lettered the whole poll, good results included.
 */
@DirtiesContext // no other class uses this orchestrator: closed after the class, while its database link still carries
class RecorderDatabaseOutageIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    private static final TcpProxy LINK = ENV.databaseLink();
    private static final int ITEMS = 6;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.datasource.url", () -> ENV.jdbcUrlThrough(LINK));
    }

    @Autowired
    ConfigurableApplicationContext context;

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void aPollFlushedDuringAnOutageIsRecordedOnceWhenTheDatabaseIsBackAndOnlyItsBadRecordsAreDeadLettered() {
        UUID batchId = UUID.randomUUID();
        ConcurrentLinkedQueue<ItemDispatch> running = new ConcurrentLinkedQueue<>();
        worker.behave(batchId, (d, w) -> {
            w.send(FakeWorker.started(d));
            running.add(d);
        });
        commands.send(Commands.batch(batchId, ITEMS, ITEMS, Commands.options(ITEMS, 3, Duration.ofMinutes(10))));
        // every item.started recorded: the poll that fails below is the one with the results
        await().until(() -> running.size() == ITEMS && jdbc.queryForObject("SELECT count(*) FROM batch_items "
                + "WHERE batch_id = ? AND started_at IS NOT NULL", Long.class, batchId) == ITEMS);
        List<ItemDispatch> items = running.stream().sorted(Comparator.comparingLong(ItemDispatch::index)).toList();
        AtomicInteger pollsRetried = countPollsTheRecorderRetries();

        byte[] unreadable = ("{not json " + batchId).getBytes(StandardCharsets.UTF_8);
        byte[] misaddressed = serialize(FakeWorker.completed(items.get(3), "misaddressed"));
        List<byte[]> results = items.stream().map(d -> serialize(FakeWorker.completed(d, "ok"))).toList();
        LINK.cut();
        try {
            // one producer batch, so one poll: three results, the two bad records, three results
            List<Map.Entry<String, byte[]>> records = new ArrayList<>();
            results.subList(0, 3).forEach(result -> records.add(Map.entry(batchId.toString(), result)));
            records.add(Map.entry(batchId.toString(), unreadable));
            records.add(Map.entry(UUID.randomUUID().toString(), misaddressed));
            results.subList(3, ITEMS).forEach(result -> records.add(Map.entry(batchId.toString(), result)));
            sendTogether(partition(batchId), records);

            await("the recorder retrying the poll while the database is away").atMost(Duration.ofSeconds(60))
                    .until(() -> pollsRetried.get() >= 1);
        } finally {
            LINK.heal();
        }

        BatchCompleted done = awaitCompleted(batchId);
        assertThat(List.of(done.completed(), done.failed())).containsExactly((long) ITEMS, 0L);
        assertThat(batchRow(batchId)).isEqualTo("completed 6 0 0 6 0 0");
        assertThat(jdbc.queryForList("SELECT result->>'value' FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).containsOnly("ok").hasSize(ITEMS);
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), misaddressed,
                Duration.ofSeconds(30))).isNotNull();
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), unreadable,
                Duration.ofSeconds(30))).isNotNull();
        List<ConsumerRecord<String, byte[]>> deadLetters = DeadLetters.all(ENV.bootstrapServers(),
                ENV.topics().batchEvents());
        assertThat(deadLetters).filteredOn(record -> Arrays.equals(record.value(), unreadable)).hasSize(1);
        assertThat(deadLetters).filteredOn(record -> Arrays.equals(record.value(), misaddressed)).hasSize(1);
        assertThat(deadLetters).as("no good result dead-lettered")
                .noneMatch(record -> results.stream().anyMatch(result -> Arrays.equals(record.value(), result)));
    }

    /** The recorder's container pauses its consumer each time it retries a failed poll. */
    private AtomicInteger countPollsTheRecorderRetries() {
        AtomicInteger retried = new AtomicInteger();
        context.addApplicationListener((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ConsumerPausedEvent paused
                    && paused.getContainer(MessageListenerContainer.class).getListenerId()
                            .startsWith(RecorderWatermark.LISTENER_ID)) {
                retried.incrementAndGet();
            }
        });
        return retried;
    }

    private static void sendTogether(int partition, List<Map.Entry<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ENV.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 60_000), new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(record -> producer.send(new ProducerRecord<>(ENV.topics().batchEvents(), partition,
                    record.getKey(), record.getValue())));
            producer.flush();
        }
    }

    private static byte[] serialize(BatchEvent event) {
        return new BatchEventSerde().serialize(ENV.topics().batchEvents(), event);
    }

    private static int partition(UUID batchId) {
        int partitions = (Integer) ENV.properties().get("orchestrator.topics.event-partitions");
        return Utils.toPositive(Utils.murmur2(batchId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
