package io.batchpulse.orchestrator.command;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.model.BatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A command the orchestrator refuses; becomes a command.rejected event with the same commandId. */
class CommandRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String INVALID_TRANSITION = "INVALID_TRANSITION";

    private final String code;
    private final transient BatchStatus currentStatus;
    private final List<String> details;

    CommandRejectedException(String code, String message, BatchStatus currentStatus, List<String> details) {
        super(message);
        this.code = code;
        this.currentStatus = currentStatus;
        this.details = List.copyOf(details);
    }

    static CommandRejectedException validation(String message, List<String> details) {
        return new CommandRejectedException(VALIDATION_FAILED, message, null, details);
    }

    String code() {
        return code;
    }

    CommandRejected toEvent(BatchCommand command) {
        return new CommandRejected(UUID.randomUUID(), command.batchId(), Instant.now(), SchemaVersion.CURRENT,
                command.commandId(), command.type(), code, getMessage(),
                currentStatus == null ? null : currentStatus.wire(), details);
    }
}
