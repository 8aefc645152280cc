package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import java.time.Instant;
import java.util.UUID;

/** The item will not run: its batch was cancelled or timed out before it started. */
@JsonTypeName(ItemCancelled.TYPE)
public record ItemCancelled(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID itemId,
        long index,
        int attempt,
        String workerId,
        String label) implements ItemEvent {

    public static final String TYPE = "item.cancelled";

    @Override
    public String type() {
        return TYPE;
    }
}
