package io.batchpulse.events.json;

import io.batchpulse.events.BatchEvent;

/** Serde for batch-events values; has a no-argument constructor so Kafka clients can create it from config. */
public class BatchEventSerde extends JsonSerde<BatchEvent> {

    public BatchEventSerde() {
        super(BatchEvent.class);
    }
}
