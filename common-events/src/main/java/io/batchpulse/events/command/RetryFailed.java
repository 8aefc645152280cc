package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/** Put failed items back to pending with a fresh attempt budget and run the batch again. */
@JsonTypeName(RetryFailed.TYPE)
public record RetryFailed(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy) implements BatchCommand {

    public static final String TYPE = "retry-failed";

    @Override
    public String type() {
        return TYPE;
    }
}
