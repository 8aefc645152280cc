package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.Requester;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Create a batch owned by the requester. Items follow as append-items, then seal.
 *
 * @param source    the uploaded file the items come from, null for a batch created from JSON
 * @param callbacks where to POST when the batch ends or pauses; null or empty for none
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
        @Valid FileSource source,
        @Valid @Size(max = Callback.MAX_PER_BATCH) List<@NotNull @Valid Callback> callbacks) implements BatchCommand {

    public static final String TYPE = "create";

    /** A batch without callbacks. */
    public CreateBatch(UUID commandId, UUID batchId, Instant requestedAt, int schemaVersion, Requester requestedBy,
            String name, String processor, JsonNode config, BatchOptions options, FileSource source) {
        this(commandId, batchId, requestedAt, schemaVersion, requestedBy, name, processor, config, options, source,
                null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
