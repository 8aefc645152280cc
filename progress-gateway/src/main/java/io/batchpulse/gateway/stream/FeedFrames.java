package io.batchpulse.gateway.stream;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.json.BatchEventSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.stereotype.Component;

/** Reads a batch-events record as the SSE frame its viewers share, for the live feed and replays alike. */
@Component
class FeedFrames {

    private final BatchEventSerde serde = new BatchEventSerde();

    /**
     * The SSE frame for a record, or state-only if it cannot be read, is not understood, or is not
     * an event of the batch its key names: records go to the viewers of the batch in their key, so
     * another batch's event under that key would reach people who may not see it, and a tombstone
     * would end the live feed of every viewer.
     */
    Frame frame(ConsumerRecord<String, byte[]> record, long total) {
        try {
            BatchEvent event = serde.deserialize(record.topic(), record.value());
            boolean forItsViewers = event != null && event.understood()
                    && MisaddressedRecordException.keyedBy(record.key(), event.batchId());
            return forItsViewers ? SseEvents.feed(event, record.offset(), total)
                    : Frame.stateOnly(record.offset());
        } catch (SerializationException e) {
            return Frame.stateOnly(record.offset());
        }
    }
}
