package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.UUID;

/** Failed items are pending again with a fresh attempt budget and the batch runs again. */
@JsonTypeName(BatchRetried.TYPE)
public record BatchRetried(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String requestedBy,
        long requeuedItems) implements CommandOutcome {

    public static final String TYPE = "batch.retried";

    @Override
    public String type() {
        return TYPE;
    }
}
