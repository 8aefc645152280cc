package io.batchpulse.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything that happens to a batch, as written to the batch-events topic (key: batchId).
 * The JSON carries {@code type}; a reader that meets a type it does not know gets an
 * {@link UnknownEvent} and skips it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        visible = true, defaultImpl = UnknownEvent.class)
@JsonSubTypes({
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchCreated.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchStarted.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchStage.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchPaused.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchResumed.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchCancelled.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchRetried.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchCompleted.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.BatchQueued.class),
        @JsonSubTypes.Type(io.batchpulse.events.batch.CommandRejected.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemDispatched.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemStarted.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemProgress.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemCompleted.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemFailed.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemRetrying.class),
        @JsonSubTypes.Type(io.batchpulse.events.item.ItemCancelled.class)
})
public interface BatchEvent {

    UUID eventId();

    String type();

    UUID batchId();

    Instant occurredAt();

    int schemaVersion();

    /** False for unknown types and newer schema versions: such events are skipped, never guessed at. */
    default boolean understood() {
        return SchemaVersion.understood(schemaVersion());
    }
}
