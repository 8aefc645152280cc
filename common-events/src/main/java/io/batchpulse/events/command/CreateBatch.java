package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.Requester;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Create a batch owned by the requester. Items follow as append-items, then seal.
 *
 * @param source the uploaded file the items come from, null for a batch created from JSON
 */
@JsonTypeName(CreateBatch.TYPE)
public record CreateBatch(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String processor,
        JsonNode config,
        @Valid BatchOptions options,
        @Valid FileSource source) implements BatchCommand {

    public static final String TYPE = "create";

    @Override
    public String type() {
        return TYPE;
    }
}
