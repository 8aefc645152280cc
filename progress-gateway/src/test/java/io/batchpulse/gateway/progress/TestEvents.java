package io.batchpulse.gateway.progress;

import io.batchpulse.events.ItemIds;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchQueued;
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
public final class TestEvents {

    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    public final UUID batchId = UUID.randomUUID();

    public String key() {
        return batchId.toString();
    }

    public static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    public UUID item(long index) {
        return ItemIds.of(batchId, index);
    }

    public String label(long index) {
        return "item-" + index;
    }

    public BatchCreated created(long ms) {
        BatchOptions options = new BatchOptions(8, 3, Duration.ofMinutes(2), null, Duration.ofMinutes(15), null);
        return new BatchCreated(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(),
                "Sweep NVDA/TSLA", "amara", "simulated", EventJson.mapper().createObjectNode().put("seed", 7),
                options, null);
    }

    public BatchStarted started(long total, long ms) {
        return new BatchStarted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), total);
    }

    public BatchStage stage(String name, long ms) {
        return new BatchStage(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, name, null, null);
    }

    public BatchStage stage(String name, String message, Double percentage, long ms) {
        return new BatchStage(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, name, message, percentage);
    }

    public BatchPaused paused(String reason, long ms) {
        return new BatchPaused(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara",
                reason);
    }

    /** A place in the limit "key" expected to start a minute after the event; null position: dispatched again. */
    public BatchQueued queued(Integer position, long ms) {
        return new BatchQueued(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, position,
                position == null ? null : "key", position == null ? 0 : 100L * position,
                position == null ? null : at(ms).plusSeconds(60));
    }

    public BatchResumed resumed(long ms) {
        return new BatchResumed(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara");
    }

    public BatchCancelled cancelled(long cancelledItems, long ms) {
        return new BatchCancelled(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(),
                "amara", cancelledItems);
    }

    public BatchRetried retried(long requeued, long ms) {
        return new BatchRetried(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara",
                requeued);
    }

    public BatchRetried retried(long requeued, String group, long ms) {
        return new BatchRetried(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara",
                requeued, group);
    }

    public BatchRetried retriedItem(long index, long ms) {
        return new BatchRetried(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(), "amara",
                1, null, index);
    }

    public BatchCompleted finished(BatchStatus status, String reason, long total, long completed, long failed, long ms) {
        return new BatchCompleted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, status, reason, total,
                completed, failed, total - completed - failed, ms);
    }

    public CommandRejected rejected(long ms) {
        return new CommandRejected(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, UUID.randomUUID(),
                "pause", "INVALID_TRANSITION", "batch is completed", "completed", List.of());
    }

    public ItemDispatched dispatched(long index, int attempt, long ms) {
        return new ItemDispatched(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, null, label(index));
    }

    public ItemStarted itemStarted(long index, int attempt, long ms) {
        return new ItemStarted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index, attempt,
                "worker-1", label(index));
    }

    public ItemCompleted completed(long index, int attempt, long ms) {
        return completed(index, attempt, ms, null, 20);
    }

    public ItemCompleted completed(long index, int attempt, long ms, Double score, long durationMs) {
        return new ItemCompleted(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, "worker-1", label(index), EventJson.mapper().createObjectNode().put("summary",
                        "annual return " + score), score, durationMs);
    }

    public ItemFailed failed(long index, int attempt, String code, long ms) {
        return new ItemFailed(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index, attempt,
                "worker-1", label(index), new ItemError(code, "failed: " + code, List.of()), false, 15);
    }

    public ItemFailed failed(long index, int attempt, String code, String message, long ms) {
        return new ItemFailed(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index, attempt,
                "worker-1", label(index), new ItemError(code, message, List.of()), false, 15);
    }

    public ItemRetrying retrying(long index, int attempt, long ms) {
        return new ItemRetrying(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, "worker-1", label(index), new ItemError("UPSTREAM_TIMEOUT", "timed out", List.of()), 200);
    }

    public ItemCancelled itemCancelled(long index, int attempt, long ms) {
        return new ItemCancelled(UUID.randomUUID(), batchId, at(ms), SchemaVersion.CURRENT, item(index), index,
                attempt, null, label(index));
    }
}
