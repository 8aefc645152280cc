package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/** Cancel every pending item; completed items and in-flight results are kept. */
@JsonTypeName(CancelBatch.TYPE)
public record CancelBatch(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy) implements BatchCommand {

    public static final String TYPE = "cancel";

    @Override
    public String type() {
        return TYPE;
    }
}
