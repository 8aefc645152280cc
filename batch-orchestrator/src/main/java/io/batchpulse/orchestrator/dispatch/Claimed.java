package io.batchpulse.orchestrator.dispatch;

import java.time.Instant;
import java.util.UUID;

/** An item attempt just marked dispatched in the database, to be sent to the workers. */
record Claimed(UUID itemId, UUID batchId, long index, int attempt, String label, String payloadJson,
        Instant dispatchedAt) {
}
