package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.UUID;

/** The batch is sealed with all its items and dispatch begins. */
@JsonTypeName(BatchStarted.TYPE)
public record BatchStarted(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        long total) implements CommandOutcome {

    public static final String TYPE = "batch.started";

    @Override
    public String type() {
        return TYPE;
    }
}
