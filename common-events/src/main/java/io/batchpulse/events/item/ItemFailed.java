package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.model.ItemError;
import java.time.Instant;
import java.util.UUID;

/** The item failed for good (no attempts left, or the error is permanent). */
@JsonTypeName(ItemFailed.TYPE)
public record ItemFailed(
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
        boolean retryable,
        long durationMs) implements ItemEvent {

    public static final String TYPE = "item.failed";

    @Override
    public String type() {
        return TYPE;
    }
}
