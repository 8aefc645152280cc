package io.batchpulse.gateway.progress;

import io.batchpulse.events.progress.ProgressSnapshot;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a coalesced change notice into the batch's snapshot, read from the batch store at that
 * moment. It runs once per batch per commit, not once per event, so projecting and writing the
 * snapshot costs nothing on the per-event path.
 */
final class SnapshotEmitter implements FixedKeyProcessor<String, Long, ProgressSnapshot> {

    private FixedKeyProcessorContext<String, ProgressSnapshot> context;
    private KeyValueStore<String, BatchAggregate> batches;

    @Override
    public void init(FixedKeyProcessorContext<String, ProgressSnapshot> context) {
        this.context = context;
        this.batches = context.getStateStore(ProgressTopology.BATCH_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Long> record) {
        BatchAggregate aggregate = record.key() == null ? null : batches.get(record.key());
        if (aggregate != null) {
            context.forward(record.withValue(SnapshotProjection.of(aggregate)));
        }
    }
}
