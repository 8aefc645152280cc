package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import java.time.Instant;
import java.util.UUID;

/** The orchestrator handed one attempt of an item to the workers. */
@JsonTypeName(ItemDispatched.TYPE)
public record ItemDispatched(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID itemId,
        long index,
        int attempt,
        String workerId,
        String label) implements ItemEvent {

    public static final String TYPE = "item.dispatched";

    @Override
    public String type() {
        return TYPE;
    }
}
