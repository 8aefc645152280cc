package io.batchpulse.orchestrator.record;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.UnknownEvent;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.messaging.SkippedRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Reads batch-events in polls and records the item results of each poll in one transaction.
 * Records that could not be deserialized, or whose key is not their batchId, are handed to the
 * error handler by index: the good records before it are recorded and committed, the bad one goes
 * to the DLT, the rest is polled again. An event the database refuses every time is dead-lettered
 * by {@link RefusedEvents}; one this recorder cannot apply (a newer schema, an unknown type, no item
 * id) is skipped and counted.
 */
@Component
class ResultListener {

    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

    private final RefusedEvents recording;
    private final RecorderWatermark watermark;
    private final SkippedRecords.Reader skips;
    private final int maxPollRecords;

    ResultListener(RefusedEvents recording, RecorderWatermark watermark, SkippedRecords skips,
            OrchestratorProperties properties) {
        this.recording = recording;
        this.watermark = watermark;
        this.skips = skips.reader("result-recorder", SkippedRecords.Reason.values());
        this.maxPollRecords = properties.consumers().recorderMaxPollRecords();
    }

    /** The group is orchestrator.consumers.recorder-group-id, set in {@link ResultListenerConfig}. */
    @KafkaListener(id = RecorderWatermark.LISTENER_ID, idIsGroup = false, topics = "#{@topics.batchEvents()}",
            containerFactory = "recorderListenerFactory")
    void onEvents(List<ConsumerRecord<String, BatchEvent>> records) {
        List<RefusedEvents.Pending> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, BatchEvent> record = records.get(i);
            if (record.value() == null) {
                // Unreadable (ErrorHandlingDeserializer leaves null) or a tombstone, which batch-events
                // never carries: record what came before it, and let the error handler dead-letter it.
                recording.record(events);
                throw new BatchListenerFailedException("unreadable record", new UnreadableEventException(
                        "unreadable record at " + record.topic() + "-" + record.partition() + "@" + record.offset()), i);
            }
            BatchEvent event = record.value();
            if (!MisaddressedRecordException.keyedBy(record.key(), event.batchId())) {
                // the gateway folds by key, this recorder by batchId: counting it here would make them disagree
                recording.record(events);
                throw new BatchListenerFailedException("misaddressed record",
                        new MisaddressedRecordException(record.key(), event.batchId()), i);
            }
            if (!skipped(event) && event instanceof ItemEvent item && ResultRecorder.handles(item)) {
                events.add(new RefusedEvents.Pending(record, item));
            }
        }
        recording.record(events);
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
