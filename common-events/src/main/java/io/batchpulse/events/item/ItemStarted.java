package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import java.time.Instant;
import java.util.UUID;

/** A worker began an attempt. */
@JsonTypeName(ItemStarted.TYPE)
public record ItemStarted(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID itemId,
        long index,
        int attempt,
        String workerId,
        String label) implements ItemEvent {

    public static final String TYPE = "item.started";

    @Override
    public String type() {
        return TYPE;
    }
}
