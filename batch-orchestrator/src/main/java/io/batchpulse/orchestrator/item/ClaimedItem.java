package io.batchpulse.orchestrator.item;

import java.time.Instant;
import java.util.UUID;

/**
 * An item attempt just marked dispatched in the database, to be sent to the workers.
 *
 * @param attemptBase attempts spent before the item's current budget (see retry-failed)
 */
public record ClaimedItem(UUID itemId, UUID batchId, long index, int attempt, int attemptBase, String label,
        String payloadJson, Instant dispatchedAt) {

    /** The last attempt number this item may reach, as the worker needs it to choose retrying or failed. */
    public int lastAttempt(int maxAttempts) {
        return attemptBase + maxAttempts;
    }
}
