package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/** Continue dispatching where the batch stopped. */
@JsonTypeName(ResumeBatch.TYPE)
public record ResumeBatch(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy) implements BatchCommand {

    public static final String TYPE = "resume";

    @Override
    public String type() {
        return TYPE;
    }
}
