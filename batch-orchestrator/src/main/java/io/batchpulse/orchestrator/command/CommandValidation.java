package io.batchpulse.orchestrator.command;

import io.batchpulse.events.command.BatchCommand;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Checks a command's Bean Validation annotations (and its envelope) before it changes anything. */
@Component
class CommandValidation {

    private final Validator validator;

    CommandValidation(Validator validator) {
        this.validator = validator;
    }

    void check(BatchCommand command) {
        List<String> details = new ArrayList<>();
        if (command.batchId() == null) {
            details.add("batchId: must not be null");
        }
        if (command.requestedBy() == null || command.requestedBy().subject() == null
                || command.requestedBy().subject().isBlank()) {
            details.add("requestedBy.subject: must not be blank");
        }
        for (ConstraintViolation<BatchCommand> violation : validator.validate(command)) {
            details.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        if (!details.isEmpty()) {
            details.sort(null);
            throw CommandRejectedException.validation("invalid " + command.type() + " command", details);
        }
    }
}
