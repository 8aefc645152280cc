package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.UUID;

/** Dispatch stopped; in-flight items still finish. Reason USER or FAILURE_THRESHOLD. */
@JsonTypeName(BatchPaused.TYPE)
public record BatchPaused(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String requestedBy,
        String reason) implements CommandOutcome {

    public static final String TYPE = "batch.paused";

    @Override
    public String type() {
        return TYPE;
    }
}
