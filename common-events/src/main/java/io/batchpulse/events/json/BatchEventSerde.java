package io.batchpulse.events.json;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import java.nio.charset.StandardCharsets;

/** Serde for batch-events values; has a no-argument constructor so Kafka clients can create it from config. */
public class BatchEventSerde extends JsonSerde<BatchEvent> {

    public BatchEventSerde() {
        super(BatchEvent.class);
    }

    /**
     * Also names the event's type in the {@link Headers#TYPE} header, unless the producer did, so
     * readers can skip what they do not need without parsing it.
     */
    @Override
    public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, BatchEvent event) {
        if (event != null && event.type() != null && headers != null && headers.lastHeader(Headers.TYPE) == null) {
            headers.add(Headers.TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        }
        return serialize(topic, event);
    }
}
