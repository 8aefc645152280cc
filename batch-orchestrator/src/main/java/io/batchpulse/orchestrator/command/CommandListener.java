package io.batchpulse.orchestrator.command;

import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.orchestrator.faultpoint.FaultPoint;
import io.batchpulse.orchestrator.faultpoint.FaultPoints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Reads batch-commands (read_committed: the gateway writes create + items + seal in one Kafka
 * transaction). Offsets are committed after the database transaction, so a crash in between
 * redelivers the command and processed_commands turns the redelivery into a no-op. A record that
 * is no command, or is not keyed by its batch id, goes to the dead-letter topic at once.
 * <p>
 * The container hands over the bytes and the command is read here, so that a record dead-lettered
 * after it was read (under a key that is not its batch id) goes to the DLT as it was sent: a field
 * this version does not know would be lost from a copy written again from the command.
 */
@Component
class CommandListener {

    private final CommandService commands;
    private final FaultPoints faultPoints;
    private final BatchCommandSerde json = new BatchCommandSerde();

    CommandListener(CommandService commands, FaultPoints faultPoints) {
        this.commands = commands;
        this.faultPoints = faultPoints;
    }

    /** The group is orchestrator.consumers.command-group-id, set in {@link CommandListenerConfig}. */
    @KafkaListener(id = "orchestrator-commands", idIsGroup = false, topics = "#{@topics.batchCommands()}",
            containerFactory = "commandListenerFactory")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new UnreadableCommandException("no command (a tombstone) at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset());
        }
        BatchCommand command;
        try {
            command = json.deserialize(record.topic(), record.value());
        } catch (SerializationException unreadable) {
            // the exception bad bytes on any other topic are dead-lettered with (not retryable, and the
            // same cause in batchpulse.dlt.records)
            throw new DeserializationException(unreadable.getMessage(), record.value(), false, unreadable);
        }
        // The key decides the partition, and so which instance owns the batch and the order of its commands.
        MisaddressedRecordException.check(record.key(), command.batchId());
        commands.handle(command);
        faultPoints.reach(FaultPoint.COMMAND_APPLIED);
    }
}
