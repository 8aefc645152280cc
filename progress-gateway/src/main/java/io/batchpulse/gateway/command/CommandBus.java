package io.batchpulse.gateway.command;

import io.batchpulse.events.CommandOutcome;
import io.batchpulse.events.Headers;
import io.batchpulse.events.Topics;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
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
 * Request/reply over Kafka: writes commands to batch-commands in one transaction and waits for
 * their outcomes, which come back on batch-events correlated by commandId. The one place that
 * turns a refusal, a failed write or a missing answer into the API's error.
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
     * Sends the request's commands in one transaction and waits for the outcomes of its awaited
     * commands, in order.
     *
     * @param answer the event that confirms the last awaited command
     * @return that event
     * @throws ApiException the rejection's error for the first awaited command the orchestrator refused;
     *                      UNAVAILABLE when the commands could not be written or were not answered in time
     */
    public <T extends CommandOutcome> T request(CommandRequest request, Class<T> answer) {
        Duration timeout = request.timeout() == null ? replyTimeout : request.timeout();
        try (Replies replies = send(request.commands(), timeout, request.awaited())) {
            CommandOutcome outcome = null;
            for (UUID commandId : request.awaited()) {
                outcome = confirmed(replies.await(commandId));
            }
            if (!answer.isInstance(outcome)) {
                throw new IllegalStateException("Unexpected outcome " + outcome.type() + " for command "
                        + request.answered());
            }
            return answer.cast(outcome);
        } catch (CommandsNotSentException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, request.notSent());
        } catch (Replies.NoReplyException e) {
            log.warn("{} within {}", e.getMessage(), timeout);
            throw new ApiException(ErrorCode.UNAVAILABLE, request.notConfirmed(), request.details());
        }
    }

    private static CommandOutcome confirmed(CommandOutcome outcome) {
        if (outcome instanceof CommandRejected rejected) {
            log.info("Orchestrator refused {}: {} {}", rejected.commandType(), rejected.code(), rejected.message());
            throw Rejections.toApiException(rejected);
        }
        return outcome;
    }

    /** Registers the waiters before anything is written, so no outcome can come before its waiter. */
    private Replies send(List<? extends BatchCommand> commands, Duration timeout, List<UUID> awaited) {
        Replies replies = new Replies(outcomes, awaited);
        try {
            sendUpTo(commands.iterator(), commands.size());
        } catch (CommandsNotSentException e) {
            replies.close();
            throw e;
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
    static class CommandsNotSentException extends RuntimeException {

        CommandsNotSentException(Throwable cause) {
            super("The commands could not be written to Kafka", cause);
        }
    }
}
