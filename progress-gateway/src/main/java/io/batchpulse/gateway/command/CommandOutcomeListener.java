package io.batchpulse.gateway.command;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds {@link CommandOutcomes} from batch-events: every event that answers a command names its commandId. */
@Component
class CommandOutcomeListener {

    static final String LISTENER_ID = "gateway-command-outcomes";
    private static final Logger log = LoggerFactory.getLogger(CommandOutcomeListener.class);

    private final CommandOutcomes outcomes;

    CommandOutcomeListener(CommandOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "#{@topics.batchEvents()}",
            containerFactory = "outcomeListenerFactory")
    void onEvent(BatchEvent event) {
        if (!event.understood()) {
            return;
        }
        UUID commandId = commandIdOf(event);
        if (commandId == null) {
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", String.valueOf(event.batchId()))) {
            if (outcomes.complete(commandId, event)) {
                log.debug("Command {} answered by {}", commandId, event.type());
            }
        }
    }

    /** The commandId of an event that answers a command, or null for every other event. */
    static UUID commandIdOf(BatchEvent event) {
        if (event instanceof BatchCreated created) {
            return created.commandId();
        } else if (event instanceof BatchStarted started) {
            return started.commandId();
        } else if (event instanceof CommandRejected rejected) {
            return rejected.commandId();
        } else if (event instanceof BatchPaused paused) {
            return paused.commandId();
        } else if (event instanceof BatchResumed resumed) {
            return resumed.commandId();
        } else if (event instanceof BatchCancelled cancelled) {
            return cancelled.commandId();
        } else if (event instanceof BatchRetried retried) {
            return retried.commandId();
        }
        return null;
    }
}
