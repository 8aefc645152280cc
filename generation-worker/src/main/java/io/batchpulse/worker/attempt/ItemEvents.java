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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the item events of one worker: every event names the attempt it is about and this worker.
 * The text a processor hands over (error messages and details, progress messages) is cut to a few
 * kilobytes, so no error or report can make an event the broker refuses.
 */
record ItemEvents(String workerId) {

    static final int MAX_MESSAGE_LENGTH = 1_000;
    static final int MAX_DETAILS = 20;
    static final int MAX_DETAIL_LENGTH = 2_000;
    private static final int MAX_CODE_LENGTH = 100;

    ItemStarted started(ItemDispatch dispatch) {
        return new ItemStarted(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label());
    }

    ItemProgress progress(ItemDispatch dispatch, Double percent, String message) {
        return new ItemProgress(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), percent,
                cut(message, MAX_MESSAGE_LENGTH));
    }

    ItemCompleted completed(ItemDispatch dispatch, ItemOutcome outcome, long durationMs) {
        String label = outcome.label() != null ? outcome.label() : dispatch.label();
        return new ItemCompleted(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, label, outcome.result(),
                outcome.score(), durationMs);
    }

    ItemFailed failed(ItemDispatch dispatch, ItemError error, boolean retryable, long durationMs) {
        return new ItemFailed(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), bounded(error),
                retryable, durationMs);
    }

    ItemRetrying retrying(ItemDispatch dispatch, ItemError error, long retryDelayMs) {
        return new ItemRetrying(UUID.randomUUID(), dispatch.batchId(), Instant.now(), SchemaVersion.CURRENT,
                dispatch.itemId(), dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), bounded(error),
                retryDelayMs);
    }

    ItemRetrying throttled(ItemDispatch dispatch, ItemError error, Instant until) {
        Instant now = Instant.now();
        return new ItemRetrying(UUID.randomUUID(), dispatch.batchId(), now, SchemaVersion.CURRENT, dispatch.itemId(),
                dispatch.index(), dispatch.attempt(), workerId, dispatch.label(), bounded(error),
                Math.max(0, Duration.between(now, until).toMillis()), until);
    }

    static ItemError bounded(ItemError error) {
        List<String> details = error.details();
        if (details.size() > MAX_DETAILS) {
            List<String> kept = new ArrayList<>(details.subList(0, MAX_DETAILS - 1));
            kept.add("... " + (details.size() - kept.size()) + " more");
            details = kept;
        }
        return new ItemError(cut(error.code(), MAX_CODE_LENGTH), cut(error.message(), MAX_MESSAGE_LENGTH),
                details.stream().map(detail -> cut(detail, MAX_DETAIL_LENGTH)).toList());
    }

    static String cut(String text, int maxLength) {
        return text == null || text.length() <= maxLength ? text : text.substring(0, maxLength) + "...";
    }
}
