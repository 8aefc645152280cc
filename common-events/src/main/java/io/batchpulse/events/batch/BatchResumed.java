package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.UUID;

/** Dispatch continues where it stopped. */
@JsonTypeName(BatchResumed.TYPE)
public record BatchResumed(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String requestedBy) implements CommandOutcome {

    public static final String TYPE = "batch.resumed";

    @Override
    public String type() {
        return TYPE;
    }
}
