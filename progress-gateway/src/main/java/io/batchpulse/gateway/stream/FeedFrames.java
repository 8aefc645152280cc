package io.batchpulse.gateway.stream;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.BatchEventSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.stereotype.Component;

/** Reads a batch-events record as the SSE frame its viewers share, for the live feed and replays alike. */
@Component
class FeedFrames {

    private final BatchEventSerde serde = new BatchEventSerde();

    /** The SSE frame for a record, or state-only if it cannot be read or is not understood. */
    Frame frame(ConsumerRecord<String, byte[]> record, long total) {
        try {
            BatchEvent event = serde.deserialize(record.topic(), record.value());
            return event.understood() ? SseEvents.feed(event, record.offset(), total)
                    : Frame.stateOnly(record.offset());
        } catch (SerializationException e) {
            return Frame.stateOnly(record.offset());
        }
    }
}
