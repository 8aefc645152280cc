package io.batchpulse.orchestrator.dispatch;

import java.time.Instant;
import java.util.UUID;

/**
 * An item attempt just marked dispatched in the database, to be sent to the workers.
 *
 * @param attemptBase attempts spent before the item's current budget (see retry-failed)
 */
record Claimed(UUID itemId, UUID batchId, long index, int attempt, int attemptBase, String label, String payloadJson,
        Instant dispatchedAt) {

    /** The last attempt number this item may reach, as the worker needs it to choose retrying or failed. */
    int lastAttempt(int maxAttempts) {
        return attemptBase + maxAttempts;
    }
}
