package io.batchpulse.gateway.progress;

import io.batchpulse.events.Topics;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Every instance's copy of batch-progress: a global store (RocksDB, so off the heap and bounded by
 * disk, not by memory) inside the same Streams app. Any instance can answer any batch's snapshot,
 * whichever instance folded it. Restored from the compacted topic itself at start (no changelog),
 * read with read_committed (exactly_once_v2), so it only ever holds committed snapshots.
 *
 * <p>A per-instance plain consumer into a heap map would work too, but would grow with the number
 * of batches ever run (the topic is compacted, not deleted); the global store does not.
 */
final class SnapshotStoreTopology {

    static final String SNAPSHOT_STORE = "progress-snapshots";

    private SnapshotStoreTopology() {
    }

    static void addGlobalStore(StreamsBuilder builder, Topics topics, SnapshotListener listener, Timer lag) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOT_STORE), Serdes.String(),
                        new ProgressSnapshotSerde()).withLoggingDisabled(),
                topics.batchProgress(),
                Consumed.with(Serdes.String(), new ProgressSnapshotSerde()).withName("batch-progress-global"),
                () -> new StoreUpdater(listener, lag));
    }

    /** Keeps the store and tells the listener; tombstones remove a batch. */
    private static final class StoreUpdater implements Processor<String, ProgressSnapshot, Void, Void> {

        private final SnapshotListener listener;
        private final Timer lag;
        private KeyValueStore<String, ProgressSnapshot> store;

        StoreUpdater(SnapshotListener listener, Timer lag) {
            this.listener = listener;
            this.lag = lag;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(SNAPSHOT_STORE);
        }

        @Override
        public void process(Record<String, ProgressSnapshot> record) {
            if (record.key() == null) {
                return;
            }
            ProgressSnapshot snapshot = record.value();
            if (snapshot == null) {
                store.delete(record.key());
                return;
            }
            store.put(record.key(), snapshot);
            if (snapshot.updatedAt() != null) {
                // event time of the newest event in it → this instance has it: what a viewer waits for
                lag.record(Duration.between(snapshot.updatedAt(), Instant.now()).abs());
            }
            listener.onSnapshot(snapshot);
        }
    }
}
