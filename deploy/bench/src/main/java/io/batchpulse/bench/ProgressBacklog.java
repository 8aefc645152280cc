package io.batchpulse.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the gateway's progress topology (a Kafka Streams app: its consumer group is its
 * application id) is behind batch-events. A scenario that times snapshots waits for the backlog a
 * previous scenario left to drain, so it measures its own load, and a scenario that pushes load
 * reports the backlog it leaves: that is how far behind the snapshots are.
 */
final class ProgressBacklog {

    /** The gateway's default {@code gateway.progress.application-id}. */
    static final String APPLICATION_ID = "batchpulse-progress";
    private static final long DRAINED = 100;

    private ProgressBacklog() {
    }

    /** Records of batch-events the topology has not committed yet; -1 when its group is not known. */
    static long records(String bootstrap, String eventsTopic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                    .partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(eventsTopic) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            if (committed.isEmpty()) {
                return -1;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet()
                    .stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            return committed.entrySet().stream()
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset())).sum();
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until at most a hundred records are left (or the timeout passes); returns how long it took. */
    static Duration awaitDrained(String bootstrap, String eventsTopic, Duration timeout) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        long backlog = records(bootstrap, eventsTopic);
        while (backlog > DRAINED && Instant.now().isBefore(deadline)) {
            BenchContext.pause(Duration.ofMillis(500));
            backlog = records(bootstrap, eventsTopic);
        }
        return Duration.between(start, Instant.now());
    }
}
