package io.batchpulse.gateway.command;

import io.batchpulse.events.Headers;
import io.batchpulse.events.Topics;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Request/reply over Kafka: writes commands to batch-commands in one transaction and hands back
 * the {@link Replies} to wait on. Outcomes come back on batch-events, correlated by commandId.
 */
@Component
public class CommandBus {

    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    private final KafkaTemplate<String, BatchCommand> template;
    private final CommandOutcomes outcomes;
    private final String topic;
    private final Duration replyTimeout;

    CommandBus(KafkaTemplate<String, BatchCommand> commandTemplate, CommandOutcomes outcomes, Topics topics,
            GatewayProperties properties) {
        this.template = commandTemplate;
        this.outcomes = outcomes;
        this.topic = topics.batchCommands();
        this.replyTimeout = properties.commands().replyTimeout();
    }

    /**
     * Sends all commands atomically, then starts the reply clock.
     *
     * @param awaited the commandIds whose outcome the caller will wait for
     * @throws CommandsNotSentException when the transaction could not be committed; nothing was written
     */
    public Replies send(List<? extends BatchCommand> commands, UUID... awaited) {
        return send(commands, replyTimeout, awaited);
    }

    /**
     * As {@link #send(List, UUID...)}, waiting {@code timeout} instead of the reply timeout, for an
     * answer known to take longer (a seal after a million appended items).
     */
    public Replies send(List<? extends BatchCommand> commands, Duration timeout, UUID... awaited) {
        Replies replies = new Replies(outcomes, List.of(awaited));
        try {
            template.executeInTransaction(operations -> {
                commands.forEach(command -> operations.send(record(command)));
                return null;
            });
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            replies.close();
            log.warn("Could not write {} command(s): {}", commands.size(), e.getMessage());
            throw new CommandsNotSentException(e);
        }
        return replies.startClock(timeout);
    }

    /**
     * Sends the next commands of {@code commands}, at most {@code max}, in one transaction, pulling
     * them as they are sent: only the producer's buffer holds them, never the whole list. The
     * orchestrator sees them once the transaction commits. A failure of the iterator aborts it.
     *
     * @return how many were sent (0 when the iterator was empty)
     * @throws CommandsNotSentException when the transaction could not be committed; none of them was written
     */
    public int sendUpTo(Iterator<? extends BatchCommand> commands, int max) {
        if (!commands.hasNext()) {
            return 0;
        }
        try {
            return template.executeInTransaction(operations -> {
                int sent = 0;
                while (sent < max && commands.hasNext()) {
                    operations.send(record(commands.next()));
                    sent++;
                }
                return sent;
            });
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            log.warn("Could not write a transaction of commands: {}", e.getMessage());
            throw new CommandsNotSentException(e);
        }
    }

    private ProducerRecord<String, BatchCommand> record(BatchCommand command) {
        RecordHeader type = new RecordHeader(Headers.TYPE, command.type().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, command.batchId().toString(), command, List.of(type));
    }

    /** The commands were not written (broker unreachable, transaction aborted). */
    public static class CommandsNotSentException extends RuntimeException {

        CommandsNotSentException(Throwable cause) {
            super("The commands could not be written to Kafka", cause);
        }
    }
}
