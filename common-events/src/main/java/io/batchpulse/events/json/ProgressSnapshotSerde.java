package io.batchpulse.events.json;

import io.batchpulse.events.progress.ProgressSnapshot;

/** Serde for batch-progress values; has a no-argument constructor so Kafka clients can create it from config. */
public class ProgressSnapshotSerde extends JsonSerde<ProgressSnapshot> {

    public ProgressSnapshotSerde() {
        super(ProgressSnapshot.class);
    }
}
