package io.batchpulse.orchestrator.record;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.orchestrator.db.DatabaseOutages;
import io.batchpulse.orchestrator.messaging.ListenerFactories;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

/**
 * Records a poll's item events, and dead-letters only the one the database or the recorder refuses
 * every time (a result holding a NUL character, which PostgreSQL's jsonb refuses; a bug). The
 * recorder writes a poll in one transaction, so one refused event fails the whole poll: then the
 * events are recorded one by one, and one that fails alone {@value #ATTEMPTS} times goes to
 * batch-events.DLT with its reason while the others are recorded. A database that is away refuses
 * nothing for good: that failure is thrown, and the error handler retries the poll for as long as
 * it takes (F6). The refusal never reaches the error handler, whose whole-poll retry would either
 * retry it forever or dead-letter the whole poll; nor do the poll's unreadable and misaddressed
 * records, which {@link ResultListener} hands to {@link #deadLetter} once the rest is recorded.
 */
@Component
class RefusedEvents {

    static final int ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(RefusedEvents.class);

    /** An item event and the record it came in, for the dead letter. */
    record Pending(ConsumerRecord<String, BatchEvent> record, ItemEvent event) {
    }

    /** A record that is no event of its batch (unreadable, misaddressed), and why. */
    record Unrecordable(ConsumerRecord<String, BatchEvent> record, RuntimeException reason) {
    }

    private final ResultRecorder recorder;
    private final DeadLetterPublishingRecoverer deadLetters;

    RefusedEvents(ResultRecorder recorder, KafkaTemplate<String, Object> template) {
        this.recorder = recorder;
        this.deadLetters = ListenerFactories.deadLetters(template);
    }

    void record(List<Pending> events) {
        try {
            recorder.record(events.stream().map(Pending::event).toList());
        } catch (RuntimeException failure) {
            if (DatabaseOutages.isOutage(failure)) {
                throw failure;
            }
            log.warn("A poll of {} item events was refused ({}); recording them one by one", events.size(),
                    failure.toString());
            events.forEach(this::recordAlone);
        }
    }

    /**
     * Dead-letters records that no retry can make readable, waiting for each acknowledgement: a dead
     * letter the broker did not take fails the poll, which is retried.
     */
    void deadLetter(List<Unrecordable> records) {
        for (Unrecordable unrecordable : records) {
            log.warn("Dead-lettering {}-{}@{}: {}", unrecordable.record().topic(), unrecordable.record().partition(),
                    unrecordable.record().offset(), unrecordable.reason().getMessage());
            // the reason as the cause, as a record listener's failure reads (batchpulse.dlt.records{cause});
            // an unreadable record's dead letter takes its bytes and cause from the deserializer's header
            deadLetters.accept(unrecordable.record(), new ListenerExecutionFailedException(
                    unrecordable.reason().getMessage(), unrecordable.reason()));
        }
    }

    private void recordAlone(Pending pending) {
        for (int attempt = 1;; attempt++) {
            try {
                recorder.record(List.of(pending.event()));
                return;
            } catch (RuntimeException failure) {
                if (DatabaseOutages.isOutage(failure)) {
                    throw failure;
                }
                if (attempt == ATTEMPTS) {
                    ItemEvent event = pending.event();
                    log.warn("Dead-lettering {} {} of item {} of batch {}, refused {} times: {}", event.type(),
                            event.eventId(), event.itemId(), event.batchId(), ATTEMPTS, failure.toString());
                    // As a record listener's failure reads: the refusal is the dead letter's cause (and the
                    // cause batchpulse.dlt.records counts). accept waits for the broker's ack: a dead letter
                    // that was not written fails the poll, which is retried.
                    deadLetters.accept(pending.record(), new ListenerExecutionFailedException(event.type() + " "
                            + event.eventId() + " refused " + ATTEMPTS + " times", failure));
                    return;
                }
            }
        }
    }
}
