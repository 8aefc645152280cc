package io.batchpulse.events.query;

import io.batchpulse.events.model.CallbackEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch's callbacks and every delivery made to them, as the orchestrator's internal read API
 * returns them. No secret is ever part of it: {@code secretSet} only says whether one signs.
 */
public record CallbacksView(UUID batchId, List<Target> callbacks) {

    public CallbacksView {
        callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
    }

    /** One callback of the batch, in the order of the create request, with its deliveries newest first. */
    public record Target(int index, String url, List<CallbackEvent> events, boolean secretSet,
            List<Delivery> deliveries) {

        public Target {
            events = events == null ? List.of() : List.copyOf(events);
            deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
        }
    }

    /**
     * One event to deliver to one callback, and its attempts, oldest first.
     *
     * @param status        pending (an attempt is due at {@code nextAttemptAt}), delivered, or failed (given up)
     * @param giveUpAt      when retrying stops (a resend starts the period again)
     */
    public record Delivery(UUID id, CallbackEvent event, String status, Instant createdAt, Instant nextAttemptAt,
            Instant deliveredAt, Instant giveUpAt, List<Attempt> attempts) {

        public Delivery {
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }
    }

    /**
     * One POST: the receiver's HTTP status, or why there was none (timeout, connection refused,
     * address refused).
     */
    public record Attempt(int attempt, Instant attemptedAt, Integer httpStatus, String error, long durationMs) {
    }
}
