package io.batchpulse.orchestrator.command;

import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.command.BatchCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads batch-commands (read_committed: the gateway writes create + items + seal in one Kafka
 * transaction). Offsets are committed after the database transaction, so a crash in between
 * redelivers the command and processed_commands turns the redelivery into a no-op. A record that
 * is no command, or is not keyed by its batch id, goes to the dead-letter topic at once.
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
    void onCommand(ConsumerRecord<String, BatchCommand> record) {
        BatchCommand command = record.value();
        if (command == null) {
            throw new UnreadableCommandException("no command (a tombstone) at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset());
        }
        // The key decides the partition, and so which instance owns the batch and the order of its commands.
        MisaddressedRecordException.check(record.key(), command.batchId());
        commands.handle(command);
    }
}
