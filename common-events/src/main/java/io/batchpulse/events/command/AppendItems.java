package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.model.Requester;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A chunk of items at positions firstIndex.. of the batch. Re-delivery inserts nothing twice. */
@JsonTypeName(AppendItems.TYPE)
public record AppendItems(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy,
        @Min(0) long firstIndex,
        @NotEmpty List<@Valid NewItem> items) implements BatchCommand {

    public static final String TYPE = "append-items";

    @Override
    public String type() {
        return TYPE;
    }
}
