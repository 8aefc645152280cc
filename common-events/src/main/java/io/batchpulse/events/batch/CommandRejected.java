package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.CommandOutcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The orchestrator refused a command; code is one of the API error codes. */
@JsonTypeName(CommandRejected.TYPE)
public record CommandRejected(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        UUID commandId,
        String commandType,
        String code,
        String message,
        String currentStatus,
        List<String> details) implements CommandOutcome {

    public static final String TYPE = "command.rejected";

    public CommandRejected {
        details = details == null ? List.of() : List.copyOf(details);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
