package io.batchpulse.gateway.command;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.CommandOutcome;
import io.batchpulse.gateway.SkippedEvents;
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
    private final SkippedEvents skipped;

    CommandOutcomeListener(CommandOutcomes outcomes, SkippedEvents commandOutcomeSkips) {
        this.outcomes = outcomes;
        this.skipped = commandOutcomeSkips;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "#{@topics.batchEvents()}",
            containerFactory = "outcomeListenerFactory")
    void onEvent(BatchEvent event) {
        if (!event.understood()) {
            skipped.count(SkippedEvents.Reason.notUnderstood(event));
            return;
        }
        // most batch events answer no command (an outcome without commandId is the orchestrator's own move)
        if (!(event instanceof CommandOutcome outcome) || outcome.commandId() == null) {
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", String.valueOf(event.batchId()))) {
            if (outcomes.complete(outcome.commandId(), outcome)) {
                log.debug("Command {} answered by {}", outcome.commandId(), event.type());
            }
        }
    }
}
