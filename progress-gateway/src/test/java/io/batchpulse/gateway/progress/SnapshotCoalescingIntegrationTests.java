package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** How many snapshots a busy batch produces: one per commit, however many events it had. */
class SnapshotCoalescingIntegrationTests extends GatewayIntegrationTest {

    /** Three events per item, item states far beyond the record cache. */
    private static final int ITEMS = 10_000;

    @Test
    void aBatchWithMoreItemStatesThanTheRecordCacheHoldsGetsASnapshotPerCommitNotPerEvent() {
        TestEvents batch = new TestEvents();
        List<BatchEvent> events = new ArrayList<>(List.of(batch.created(0), batch.started(ITEMS, 5)));
        for (int index = 0; index < ITEMS; index++) {
            events.add(batch.dispatched(index, 1, 10 + index));
            events.add(batch.itemStarted(index, 1, 11 + index));
            events.add(batch.completed(index, 1, 12 + index));
        }
        publish(events.toArray(BatchEvent[]::new));

        List<ProgressSnapshot> snapshots = readUntil(TOPICS.batchProgress(), batch.key(), new ProgressSnapshotSerde(),
                snapshot -> snapshot.completed() == ITEMS);
        // the aggregate's changelog: what a restart restores from, written at each commit too
        List<byte[]> aggregates = readUntil(PREFIX + "progress-progress-batches-changelog", batch.key(),
                new ByteArrayDeserializer(), aggregate -> new String(aggregate, StandardCharsets.UTF_8)
                        .contains("\"version\":" + (2 + 3L * ITEMS)));

        // 30,002 applied events; a commit every 100 ms folds thousands of them into one write each
        assertThat(snapshots.size()).isLessThan(ITEMS / 10);
        assertThat(aggregates.size()).isLessThan(ITEMS / 10);
        assertThat(snapshots).extracting(ProgressSnapshot::version).isSorted().doesNotHaveDuplicates();
        assertThat(snapshots.get(snapshots.size() - 1).version()).isEqualTo(2 + 3L * ITEMS);
    }

    /** The committed values of {@code key} on {@code topic}, from the start until one matches {@code last}. */
    private static <T> List<T> readUntil(String topic, String key, Deserializer<T> values, Predicate<T> last) {
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && record.value() != null) {
                        found.add(record.value());
                    }
                }
                return !found.isEmpty() && last.test(found.get(found.size() - 1));
            });
        }
        return found;
    }
}
