package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.UUID;

/** No more items will come; total lets the orchestrator check none went missing. */
@JsonTypeName(SealBatch.TYPE)
public record SealBatch(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy,
        @Min(1) long total) implements BatchCommand {

    public static final String TYPE = "seal";

    @Override
    public String type() {
        return TYPE;
    }
}
