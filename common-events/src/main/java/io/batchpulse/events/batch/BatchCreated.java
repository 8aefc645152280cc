package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.FileSource;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A batch exists: its settings as the orchestrator stored them. Items follow.
 *
 * @param source the uploaded file the items come from, null for a batch created from JSON
 */
@JsonTypeName(BatchCreated.TYPE)
public record BatchCreated(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String name,
        String owner,
        String processor,
        JsonNode config,
        BatchOptions options,
        FileSource source) implements CommandOutcome {

    public static final String TYPE = "batch.created";

    @Override
    public String type() {
        return TYPE;
    }
}
