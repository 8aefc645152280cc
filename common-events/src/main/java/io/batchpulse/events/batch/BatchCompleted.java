package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import java.time.Instant;
import java.util.UUID;

/** The batch reached a final status; reason is null, TIMEOUT or FAILURE_THRESHOLD. */
@JsonTypeName(BatchCompleted.TYPE)
public record BatchCompleted(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        BatchStatus status,
        String reason,
        long total,
        long completed,
        long failed,
        long cancelled,
        long durationMs) implements BatchEvent {

    public static final String TYPE = "batch.completed";

    @Override
    public String type() {
        return TYPE;
    }
}
