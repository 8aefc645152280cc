package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import java.time.Instant;
import java.util.UUID;

/** Progress of a long item; also a heartbeat that extends its lease. */
@JsonTypeName(ItemProgress.TYPE)
public record ItemProgress(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID itemId,
        long index,
        int attempt,
        String workerId,
        String label,
        Double percent,
        String message) implements ItemEvent {

    public static final String TYPE = "item.progress";

    @Override
    public String type() {
        return TYPE;
    }
}
