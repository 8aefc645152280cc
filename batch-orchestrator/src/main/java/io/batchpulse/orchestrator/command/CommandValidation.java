package io.batchpulse.orchestrator.command;

import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.orchestrator.OrchestratorProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Checks a command's Bean Validation annotations (and its envelope) before it changes anything,
 * and that a create names only shared limits this orchestrator is configured with.
 */
@Component
class CommandValidation {

    private final Validator validator;
    private final OrchestratorProperties properties;

    CommandValidation(Validator validator, OrchestratorProperties properties) {
        this.validator = validator;
        this.properties = properties;
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
        if (command instanceof CreateBatch create && create.options() != null && create.options().limit() != null
                && !properties.limits().containsKey(create.options().limit())) {
            details.add("options.limit: no shared limit named '" + create.options().limit() + "' (configured: "
                    + String.join(", ", new TreeSet<>(properties.limits().keySet())) + ")");
        }
        if (!details.isEmpty()) {
            details.sort(null);
            throw CommandRejectedException.validation("invalid " + command.type() + " command", details);
        }
    }
}
