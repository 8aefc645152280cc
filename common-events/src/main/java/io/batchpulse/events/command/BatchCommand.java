package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/**
 * A request to change a batch, written to batch-commands (key: batchId) by the gateway or any
 * tool with write access. The orchestrator applies each commandId at most once and answers on
 * batch-events with the resulting event or a {@code command.rejected} carrying the same commandId.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        visible = true, defaultImpl = UnknownCommand.class)
@JsonSubTypes({
        @JsonSubTypes.Type(CreateBatch.class),
        @JsonSubTypes.Type(AppendItems.class),
        @JsonSubTypes.Type(SealBatch.class),
        @JsonSubTypes.Type(PauseBatch.class),
        @JsonSubTypes.Type(ResumeBatch.class),
        @JsonSubTypes.Type(CancelBatch.class),
        @JsonSubTypes.Type(RetryFailed.class),
        @JsonSubTypes.Type(RerunBatch.class)
})
public interface BatchCommand {

    UUID commandId();

    String type();

    UUID batchId();

    Instant requestedAt();

    int schemaVersion();

    Requester requestedBy();

    default boolean understood() {
        return SchemaVersion.understood(schemaVersion());
    }
}
