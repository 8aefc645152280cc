package io.batchpulse.events.item;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.ItemEvent;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An attempt succeeded. score and label feed best-result-so-far. */
@JsonTypeName(ItemCompleted.TYPE)
public record ItemCompleted(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID itemId,
        long index,
        int attempt,
        String workerId,
        String label,
        JsonNode result,
        Double score,
        long durationMs) implements ItemEvent {

    public static final String TYPE = "item.completed";

    @Override
    public String type() {
        return TYPE;
    }
}
