package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.UUID;

/**
 * Failed items are pending again with a fresh attempt budget and the batch runs again.
 *
 * @param group     the failure group that was retried; null when every failed item was
 * @param itemIndex the one item that was retried; null when a group or every failed item was
 */
@JsonTypeName(BatchRetried.TYPE)
public record BatchRetried(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String requestedBy,
        long requeuedItems,
        String group,
        Long itemIndex) implements CommandOutcome {

    public static final String TYPE = "batch.retried";

    /** Every failed item was retried. */
    public BatchRetried(UUID eventId, UUID batchId, Instant occurredAt, int schemaVersion, UUID commandId,
            String requestedBy, long requeuedItems) {
        this(eventId, batchId, occurredAt, schemaVersion, commandId, requestedBy, requeuedItems, null, null);
    }

    /** One failure group was retried. */
    public BatchRetried(UUID eventId, UUID batchId, Instant occurredAt, int schemaVersion, UUID commandId,
            String requestedBy, long requeuedItems, String group) {
        this(eventId, batchId, occurredAt, schemaVersion, commandId, requestedBy, requeuedItems, group, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
