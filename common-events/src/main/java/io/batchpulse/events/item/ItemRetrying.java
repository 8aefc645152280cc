package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.model.ItemError;
import java.time.Instant;
import java.util.UUID;

/**
 * An attempt failed with a retryable error; the item runs again after retryDelayMs.
 *
 * @param throttledUntil set when the processor's upstream answered 429 or 503 with Retry-After: it
 *                       asked not to be called again before then. The item runs again no earlier,
 *                       the attempt is not charged to the item's budget (the next one gets a number
 *                       of its own all the same), and a shared limit the batch uses dispatches
 *                       nothing before then either. Null for an ordinary retry.
 */
@JsonTypeName(ItemRetrying.TYPE)
public record ItemRetrying(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID itemId,
        long index,
        int attempt,
        String workerId,
        String label,
        ItemError error,
        long retryDelayMs,
        Instant throttledUntil) implements ItemEvent {

    public static final String TYPE = "item.retrying";

    /** An ordinary retry, charged to the item's attempts. */
    public ItemRetrying(UUID eventId, UUID batchId, Instant occurredAt, int schemaVersion, UUID itemId, long index,
            int attempt, String workerId, String label, ItemError error, long retryDelayMs) {
        this(eventId, batchId, occurredAt, schemaVersion, itemId, index, attempt, workerId, label, error, retryDelayMs,
                null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
