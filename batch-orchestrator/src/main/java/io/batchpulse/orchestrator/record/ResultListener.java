package io.batchpulse.orchestrator.record;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.UnknownEvent;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.faultpoint.FaultPoint;
import io.batchpulse.orchestrator.faultpoint.FaultPoints;
import io.batchpulse.orchestrator.messaging.SkippedRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads batch-events in polls and records the item results of each poll in one transaction.
 * Records that could not be deserialized, or whose key is not their batchId, are dead-lettered by
 * this listener once the poll's results are recorded, not by the error handler: so the only
 * failure that leaves it is the database being away (or a dead letter the broker did not take),
 * and the error handler's retry of the whole poll repeats nothing but that. An event the database
 * refuses every time is dead-lettered by {@link RefusedEvents}; one this recorder cannot apply (a
 * newer schema, an unknown type, no item id) is skipped and counted.
 */
@Component
class ResultListener {

    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

    private final RefusedEvents recording;
    private final RecorderWatermark watermark;
    private final SkippedRecords.Reader skips;
    private final int maxPollRecords;
    private final FaultPoints faultPoints;

    ResultListener(RefusedEvents recording, RecorderWatermark watermark, SkippedRecords skips,
            OrchestratorProperties properties, FaultPoints faultPoints) {
        this.recording = recording;
        this.faultPoints = faultPoints;
        this.watermark = watermark;
        this.skips = skips.reader("result-recorder", SkippedRecords.Reason.values());
        this.maxPollRecords = properties.consumers().recorderMaxPollRecords();
    }

    /** The group is orchestrator.consumers.recorder-group-id, set in {@link ResultListenerConfig}. */
    @KafkaListener(id = RecorderWatermark.LISTENER_ID, idIsGroup = false, topics = "#{@topics.batchEvents()}",
            containerFactory = "recorderListenerFactory")
    void onEvents(List<ConsumerRecord<String, BatchEvent>> records) {
        List<RefusedEvents.Pending> events = new ArrayList<>(records.size());
        List<RefusedEvents.Unrecordable> unrecordable = new ArrayList<>();
        for (ConsumerRecord<String, BatchEvent> record : records) {
            BatchEvent event = record.value();
            if (event == null) {
                // Unreadable (ErrorHandlingDeserializer leaves null) or a tombstone, which batch-events never carries.
                unrecordable.add(new RefusedEvents.Unrecordable(record, new UnreadableEventException(
                        "unreadable record at " + record.topic() + "-" + record.partition() + "@" + record.offset())));
            } else if (!MisaddressedRecordException.keyedBy(record.key(), event.batchId())) {
                // the gateway folds by key, this recorder by batchId: counting it here would make them disagree
                unrecordable.add(new RefusedEvents.Unrecordable(record,
                        new MisaddressedRecordException(record.key(), event.batchId())));
            } else if (!skipped(event) && event instanceof ItemEvent item && ResultRecorder.handles(item)) {
                events.add(new RefusedEvents.Pending(record, item));
            }
        }
        // An outage fails the poll here, before anything is dead-lettered: its retry records and
        // dead-letters as if it were the first attempt.
        recording.record(events);
        recording.deadLetter(unrecordable);
        if (!events.isEmpty()) {
            faultPoints.reach(FaultPoint.RESULTS_RECORDED);
        }
        watermark.polled(records.size(), maxPollRecords);
    }

    /** An event this recorder cannot apply is counted and left alone. */
    private boolean skipped(BatchEvent event) {
        SkippedRecords.Reason reason = event instanceof UnknownEvent ? SkippedRecords.Reason.UNKNOWN_TYPE
                : !event.understood() ? SkippedRecords.Reason.FUTURE_SCHEMA
                : event instanceof ItemEvent item && item.itemId() == null ? SkippedRecords.Reason.MISSING_ID
                : null;
        if (reason == null) {
            return false;
        }
        log.debug("Skipping event {} of type {} (schema {}): {}", event.eventId(), event.type(),
                event.schemaVersion(), reason);
        skips.skipped(reason);
        return true;
    }
}
