package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.BatchEvent;
import java.time.Instant;
import java.util.UUID;

/** The batch entered a stage (uploading, parsing, queued, processing, finalizing). */
@JsonTypeName(BatchStage.TYPE)
public record BatchStage(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        String stage,
        String message,
        Double percentage) implements BatchEvent {

    public static final String TYPE = "batch.stage";

    @Override
    public String type() {
        return TYPE;
    }
}
