package io.batchpulse.worker.attempt;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.worker.spi.ItemOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Builds the item events of one worker: every event names the attempt it is about and this worker. */
record ItemEvents(String workerId) {

    ItemStarted started(ItemDispatch dispatch) {
        return new ItemStarted(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label());
    }

    ItemProgress progress(ItemDispatch dispatch, Double percent, String message) {
        return new ItemProgress(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), percent, message);
    }

    ItemCompleted completed(ItemDispatch dispatch, ItemOutcome outcome, long durationMs) {
        String label = outcome.label() != null ? outcome.label() : dispatch.label();
        return new ItemCompleted(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, label, outcome.result(),
                outcome.score(), durationMs);
    }

    ItemFailed failed(ItemDispatch dispatch, ItemError error, boolean retryable, long durationMs) {
        return new ItemFailed(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), error, retryable,
                durationMs);
    }

    ItemRetrying retrying(ItemDispatch dispatch, ItemError error, long retryDelayMs) {
        return new ItemRetrying(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), error,
                retryDelayMs);
    }

    ItemRetrying throttled(ItemDispatch dispatch, ItemError error, Instant until) {
        Instant now = Instant.now();
        return new ItemRetrying(UUID.randomUUID(), dispatch.batchId(), now, SchemaVersion.CURRENT, dispatch.itemId(),
                dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), error,
                Math.max(0, Duration.between(now, until).toMillis()), until);
    }
}
