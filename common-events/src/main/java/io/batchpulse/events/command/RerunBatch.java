package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * Run a batch again: create the batch {@code batchId} (new, owned by the source's owner) with the
 * source batch's items, settings, processor and callbacks. The orchestrator copies the items
 * itself, so a million-item or uploaded batch runs again without sending its items anywhere. The
 * outcome is {@code batch.created}; {@code batch.started} follows once every item is copied.
 *
 * @param sourceBatchId the batch to run again; its items must all be known (sealed)
 */
@JsonTypeName(RerunBatch.TYPE)
public record RerunBatch(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy,
        @NotNull UUID sourceBatchId) implements BatchCommand {

    public static final String TYPE = "rerun";

    @Override
    public String type() {
        return TYPE;
    }
}
