package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.model.ItemError;
import java.time.Instant;
import java.util.UUID;

/** An attempt failed with a retryable error; the item runs again after retryDelayMs. */
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
        long retryDelayMs) implements ItemEvent {

    public static final String TYPE = "item.retrying";

    @Override
    public String type() {
        return TYPE;
    }
}
