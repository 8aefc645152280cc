package io.batchpulse.deploy.replay;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemCancelled;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.model.ItemStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One item as its events leave it: a row of the replay's CSV.
 *
 * @param status an {@link ItemStatus} wire value; an item waiting for its retry is pending
 */
record ItemOutcome(UUID batchId, UUID itemId, long index, String label, String status, int attempt,
        String workerId, Double score, Long durationMs, String errorCode, String errorMessage, Instant updatedAt) {

    static final List<String> HEADER = List.of("batch_id", "item_id", "index", "label", "status", "attempt",
            "worker_id", "score", "duration_ms", "error_code", "error_message", "updated_at");

    /**
     * The item after the event. As in the orchestrator, only events of the item's current attempt
     * move it (an older attempt's late event is ignored); a cancel ends an item that had not
     * finished, whatever attempt it was on.
     */
    static ItemOutcome next(ItemOutcome current, ItemEvent event) {
        if (current != null) {
            boolean cancelsUnfinished = event instanceof ItemCancelled && !finished(current.status());
            if (event.attempt() < current.attempt() && !cancelsUnfinished) {
                return current;
            }
        }
        if (event instanceof ItemCompleted completed) {
            return of(completed, ItemStatus.COMPLETED, completed.score(), completed.durationMs(), null);
        }
        if (event instanceof ItemFailed failed) {
            return of(failed, ItemStatus.FAILED, null, failed.durationMs(), failed.error());
        }
        if (event instanceof ItemRetrying retrying) {
            return of(retrying, ItemStatus.PENDING, null, null, retrying.error());
        }
        if (event instanceof ItemCancelled) {
            return of(event, ItemStatus.CANCELLED, null, null, null);
        }
        if (event instanceof ItemStarted || event instanceof ItemProgress) {
            return of(event, ItemStatus.IN_PROGRESS, null, null, null);
        }
        if (event instanceof ItemDispatched) {
            return of(event, ItemStatus.DISPATCHED, null, null, null);
        }
        return current;
    }

    List<Object> row() {
        return List.of(batchId, itemId, index, nullToEmpty(label), status, attempt, nullToEmpty(workerId),
                score == null ? "" : score, durationMs == null ? "" : durationMs, nullToEmpty(errorCode),
                nullToEmpty(errorMessage), updatedAt);
    }

    private static ItemOutcome of(ItemEvent event, ItemStatus status, Double score, Long durationMs, ItemError error) {
        return new ItemOutcome(event.batchId(), event.itemId(), event.index(), event.label(), status.wire(),
                event.attempt(), event.workerId(), score, durationMs, error == null ? null : error.code(),
                error == null ? null : error.message(), event.occurredAt());
    }

    private static boolean finished(String status) {
        return ItemStatus.COMPLETED.wire().equals(status) || ItemStatus.FAILED.wire().equals(status);
    }

    private static Object nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
