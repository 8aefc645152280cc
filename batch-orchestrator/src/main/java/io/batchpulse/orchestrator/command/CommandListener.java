package io.batchpulse.orchestrator.command;

import io.batchpulse.events.command.BatchCommand;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads batch-commands (read_committed: the gateway writes create + items + seal in one Kafka
 * transaction). Offsets are committed after the database transaction, so a crash in between
 * redelivers the command and processed_commands turns the redelivery into a no-op.
 */
@Component
class CommandListener {

    private final CommandService commands;

    CommandListener(CommandService commands) {
        this.commands = commands;
    }

    /** The group is orchestrator.consumers.command-group-id, set in {@link CommandListenerConfig}. */
    @KafkaListener(id = "orchestrator-commands", idIsGroup = false, topics = "#{@topics.batchCommands()}",
            containerFactory = "commandListenerFactory")
    void onCommand(BatchCommand command) {
        commands.handle(command);
    }
}
