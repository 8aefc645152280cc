package io.batchpulse.orchestrator.command;

import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.orchestrator.background.DispatchWakeup;
import io.batchpulse.orchestrator.batch.BatchMdc;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.messaging.SkippedRecords;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Applies a command at most once: one transaction records its commandId in processed_commands,
 * changes the batch and writes the outcome event to the outbox. A refused command is recorded
 * too (in a fresh transaction, since the first one rolled back), so a redelivered refusal is
 * not answered twice.
 */
@Service
public class CommandService {

    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    private final Transactions transactions;
    private final ProcessedCommands processed;
    private final CommandValidation validation;
    private final CommandHandlers handlers;
    private final Outbox outbox;
    private final SkippedRecords.Reader skips;
    private final MeterRegistry meters;
    private final DispatchWakeup wakeup;

    CommandService(Transactions transactions, ProcessedCommands processed, CommandValidation validation,
            CommandHandlers handlers, Outbox outbox, SkippedRecords skips, MeterRegistry meters,
            DispatchWakeup wakeup) {
        this.wakeup = wakeup;
        // an unknown type or a newer schema is answered (command.rejected), not skipped
        this.skips = skips.reader("command-listener", SkippedRecords.Reason.MISSING_ID);
        this.transactions = transactions;
        this.processed = processed;
        this.validation = validation;
        this.handlers = handlers;
        this.outbox = outbox;
        this.meters = meters;
    }

    public void handle(BatchCommand command) {
        BatchMdc.run(command.batchId(), () -> {
            if (command.commandId() == null) {
                // Without an id the command can neither be deduplicated nor correlated by the sender.
                log.warn("Dropping {} command without commandId for batch {}", command.type(), command.batchId());
                skips.skipped(SkippedRecords.Reason.MISSING_ID);
                return;
            }
            try {
                transactions.run(() -> {
                    if (!processed.claim(command)) {
                        log.debug("Command {} ({}) was applied before; ignored", command.commandId(), command.type());
                        return;
                    }
                    if (!command.understood()) {
                        throw CommandRejectedException.validation("unsupported command type " + command.type()
                                + " or schema version " + command.schemaVersion(), List.of());
                    }
                    validation.check(command);
                    handlers.apply(command);
                });
                // appended items, for one, leave no outbox row to wake the dispatcher
                wakeup.wake();
            } catch (CommandRejectedException rejection) {
                boolean answered = transactions.inTransaction(() -> {
                    if (!processed.claim(command)) {
                        return false;
                    }
                    outbox.append(rejection.toEvent(command));
                    return true;
                });
                log.info("Rejected {} command {} for batch {}: {} {}", command.type(), command.commandId(),
                        command.batchId(), rejection.code(), rejection.getMessage());
                if (answered) {
                    // by code only: the type of an unknown command is whatever its sender wrote
                    Counter.builder("batchpulse.commands.rejected").tag("code", rejection.code())
                            .description("Commands answered with command.rejected").register(meters).increment();
                }
            }
        });
    }
}
