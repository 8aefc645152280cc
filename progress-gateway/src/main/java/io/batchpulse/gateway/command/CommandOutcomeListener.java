package io.batchpulse.gateway.command;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.CommandOutcome;
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
        if (!event.understood() || !(event instanceof CommandOutcome outcome) || outcome.commandId() == null) {
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", String.valueOf(event.batchId()))) {
            if (outcomes.complete(outcome.commandId(), outcome)) {
                log.debug("Command {} answered by {}", outcome.commandId(), event.type());
            }
        }
    }
}
