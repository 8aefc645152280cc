package io.batchpulse.events.progress;

import java.time.Instant;
import java.util.UUID;

/** One failed item as the snapshot shows it; the full error details stay on the item. */
public record RecentError(UUID itemId, long index, String label, int attempt, String code, String message,
        Instant occurredAt) {
}
