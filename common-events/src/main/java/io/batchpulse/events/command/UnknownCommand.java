package io.batchpulse.events.command;

import com.fasterxml.jackson.annotation.JsonTypeId;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/** A command of a type this orchestrator does not know; it is rejected, never guessed at. */
public record UnknownCommand(UUID commandId, @JsonTypeId String type, UUID batchId, Instant requestedAt, int schemaVersion,
        Requester requestedBy) implements BatchCommand {

    @Override
    public boolean understood() {
        return false;
    }
}
