package io.batchpulse.gateway.progress;

import io.batchpulse.events.ItemIds;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.BatchStage;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.item.ItemCancelled;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Events of one batch, at times given in milliseconds after a fixed start. */
final class TestEvents {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final UUID batchId = UUID.randomUUID();

    String key() {
        return batchId.toString();
    }

    static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    UUID item(long index) {
        return ItemIds.of(batchId, index);
    }

    String label(long index) {
        return "item-" + index;
    }

    BatchCreated created(long ms) {
        BatchOptions options = new BatchOptions(8, 3, Duration.ofMinutes(2), null, Duration.ofMinutes(15), null);
        return new BatchCreated(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(),
                "Sweep NVDA/TSLA", "amara", "simulated", EventJson.mapper().createObjectNode().put("seed", 7),
                options);
    }

    BatchStarted started(long total, long ms) {
        return new BatchStarted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), total);
    }

    BatchStage stage(String name, long ms) {
        return new BatchStage(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, name, null, null);
    }

    BatchPaused paused(String reason, long ms) {
        return new BatchPaused(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara",
                reason);
    }

    BatchResumed resumed(long ms) {
        return new BatchResumed(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara");
    }

    BatchCancelled cancelled(long cancelledItems, long ms) {
        return new BatchCancelled(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(),
                "amara", cancelledItems);
    }

    BatchRetried retried(long requeued, long ms) {
        return new BatchRetried(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara",
                requeued);
    }

    BatchCompleted finished(BatchStatus status, String reason, long total, long completed, long failed, long ms) {
        return new BatchCompleted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, status, reason, total,
                completed, failed, total - completed - failed, ms);
    }

    CommandRejected rejected(long ms) {
        return new CommandRejected(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(),
                "pause", "INVALID_TRANSITION", "batch is completed", "completed", List.of());
    }

    ItemDispatched dispatched(long index, int attempt, long ms) {
        return new ItemDispatched(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, null, label(index));
    }

    ItemStarted itemStarted(long index, int attempt, long ms) {
        return new ItemStarted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index, attempt,
                "worker-1", label(index));
    }

    ItemCompleted completed(long index, int attempt, long ms) {
        return completed(index, attempt, ms, null, 20);
    }

    ItemCompleted completed(long index, int attempt, long ms, Double score, long durationMs) {
        return new ItemCompleted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, "worker-1", label(index), EventJson.mapper().createObjectNode().put("summary",
                        "annual return " + score), score, durationMs);
    }

    ItemFailed failed(long index, int attempt, String code, long ms) {
        return new ItemFailed(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index, attempt,
                "worker-1", label(index), new ItemError(code, "failed: " + code, List.of()), false, 15);
    }

    ItemRetrying retrying(long index, int attempt, long ms) {
        return new ItemRetrying(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, "worker-1", label(index), new ItemError("UPSTREAM_TIMEOUT", "timed out", List.of()), 200);
    }

    ItemCancelled itemCancelled(long index, int attempt, long ms) {
        return new ItemCancelled(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, null, label(index));
    }
}
