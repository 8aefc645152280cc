package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.UUID;

/** Pending items were cancelled; completed items and their results are kept. */
@JsonTypeName(BatchCancelled.TYPE)
public record BatchCancelled(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String requestedBy,
        long cancelledItems) implements CommandOutcome {

    public static final String TYPE = "batch.cancelled";

    @Override
    public String type() {
        return TYPE;
    }
}
