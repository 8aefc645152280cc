package io.batchpulse.gateway.stream;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.gateway.SkippedEvents;
import io.batchpulse.gateway.SkippedEvents.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.stereotype.Component;

/** Reads a batch-events record as the SSE frame its viewers share, for the live feed and replays alike. */
@Component
class FeedFrames {

    private final BatchEventSerde serde = new BatchEventSerde();
    private final SkippedEvents skipped;

    FeedFrames(MeterRegistry registry) {
        this.skipped = SkippedEvents.of(registry, SkippedEvents.Reader.LIVE_FEED);
    }

    /**
     * The SSE frame for a record, or state-only if it cannot be read, is not understood, or is not
     * an event of the batch its key names: records go to the viewers of the batch in their key, so
     * another batch's event under that key would reach people who may not see it, and a tombstone
     * would end the live feed of every viewer.
     */
    Frame frame(ConsumerRecord<String, byte[]> record, long total) {
        return read(record, total, reason -> { });
    }

    /** As {@link #frame}, counting a skipped record: only the live feed, which reads each record once. */
    Frame liveFrame(ConsumerRecord<String, byte[]> record, long total) {
        return read(record, total, skipped::count);
    }

    private Frame read(ConsumerRecord<String, byte[]> record, long total, Consumer<Reason> skip) {
        BatchEvent event;
        try {
            event = serde.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            skip.accept(Reason.UNREADABLE);
            return Frame.stateOnly(record.offset());
        }
        Reason reason = event == null ? Reason.TOMBSTONE
                : !event.understood() ? Reason.notUnderstood(event)
                : event.batchId() == null ? Reason.MISSING_ID
                : !MisaddressedRecordException.keyedBy(record.key(), event.batchId()) ? Reason.MISADDRESSED
                : null;
        if (reason != null) {
            skip.accept(reason);
            return Frame.stateOnly(record.offset());
        }
        return SseEvents.feed(event, record.offset(), total);
    }
}
