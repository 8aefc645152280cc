package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/** Stop dispatching; in-flight items finish and count. */
@JsonTypeName(PauseBatch.TYPE)
public record PauseBatch(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy) implements BatchCommand {

    public static final String TYPE = "pause";

    @Override
    public String type() {
        return TYPE;
    }
}
