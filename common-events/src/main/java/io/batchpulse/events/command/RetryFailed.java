package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/**
 * Put failed items back to pending with a fresh attempt budget and run the batch again.
 *
 * @param group     the key of the one failure group to retry ({@code FailureGroup}); null retries every failed item
 * @param itemIndex the index of the one failed item to retry; null for a group or every failed item
 */
@JsonTypeName(RetryFailed.TYPE)
public record RetryFailed(
        UUID commandId,
        UUID batchId,
        Instant requestedAt,
        int schemaVersion,
        Requester requestedBy,
        String group,
        Long itemIndex) implements BatchCommand {

    public static final String TYPE = "retry-failed";

    /** Retries every failed item. */
    public RetryFailed(UUID commandId, UUID batchId, Instant requestedAt, int schemaVersion, Requester requestedBy) {
        this(commandId, batchId, requestedAt, schemaVersion, requestedBy, null, null);
    }

    /** Retries one failure group. */
    public RetryFailed(UUID commandId, UUID batchId, Instant requestedAt, int schemaVersion, Requester requestedBy,
            String group) {
        this(commandId, batchId, requestedAt, schemaVersion, requestedBy, group, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
