package io.batchpulse.events;

import com.fasterxml.jackson.annotation.JsonTypeId;
import java.time.Instant;
import java.util.UUID;

/** An event of a type this reader does not know (written by a newer producer). Readers skip it. */
public record UnknownEvent(UUID eventId, @JsonTypeId String type, UUID batchId, Instant occurredAt, int schemaVersion)
        implements BatchEvent {

    @Override
    public boolean understood() {
        return false;
    }
}
