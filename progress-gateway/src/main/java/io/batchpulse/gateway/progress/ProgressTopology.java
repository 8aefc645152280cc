package io.batchpulse.gateway.progress;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.JsonSerde;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.SkippedEvents;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * batch-events (key batchId) → fold into per-batch and per-item stores → batch-progress
 * (compacted, key batchId, the latest {@link ProgressSnapshot}).
 *
 * <p>Coalescing: each applied event forwards only the batch's new version (8 bytes) into a
 * cached table. The record cache keeps the newest per batch and flushes on every commit
 * (100 ms); only then is the snapshot projected from the batch store and written. A batch moving
 * at 5,000 events/s so yields about ten snapshots a second instead of 5,000, each the newest,
 * in the same transaction as the offsets and stores it reflects: nothing is emitted that a
 * restart could take back, and no final snapshot waits for a timer a crash would lose. The
 * per-event path never builds or serialises a 2 KB snapshot: that, and reading the previous one,
 * would cost more than the fold itself (BENCHMARKS.md, "Notes moved from the code"). The table's
 * store only backs the cache, so it is not logged.
 */
final class ProgressTopology {

    static final String BATCH_STORE = "progress-batches";
    static final String ITEM_STORE = "progress-items";
    static final String CHANGES_STORE = "progress-changes";

    private ProgressTopology() {
    }

    static void build(StreamsBuilder builder, Topics topics, SkippedEvents skipped) {
        builder.stream(topics.batchEvents(), Consumed.with(Serdes.String(), new BatchEventSerde())
                        .withName("batch-events"))
                .processValues(new FoldSupplier(skipped), Named.as("fold-progress"))
                .toTable(Named.as("changed-batches"),
                        Materialized.<String, Long>as(Stores.persistentTimestampedKeyValueStore(CHANGES_STORE))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.Long())
                                .withCachingEnabled()
                                .withLoggingDisabled())
                .toStream(Named.as("coalesced-changes"))
                .processValues(SnapshotEmitter::new, Named.as("project-snapshot"), BATCH_STORE)
                .to(topics.batchProgress(), Produced.with(Serdes.String(), new ProgressSnapshotSerde())
                        .withName("batch-progress"));
    }

    /**
     * Both fold stores are logged (the changelog is what exactly-once restores). Only the batch
     * store is cached. The record cache is one per stream thread, shared by every store, and keeps
     * entries after a commit flushed them (clean, for reads), evicting the least recently used
     * only when full, and then from the store being written. A cached item store would fill it
     * with every item a large batch touched; from then on each put would evict from its own
     * store, flushing the batch's change notice and aggregate on every event: a snapshot and a
     * 2 KB changelog write per event instead of per commit (BENCHMARKS.md, "Notes moved from the
     * code"). Item states are small and written once per event, so the cache holds only a few KB
     * per running batch.
     */
    private static final class FoldSupplier implements FixedKeyProcessorSupplier<String, BatchEvent, Long> {

        private final SkippedEvents skipped;

        FoldSupplier(SkippedEvents skipped) {
            this.skipped = skipped;
        }

        @Override
        public FixedKeyProcessor<String, BatchEvent, Long> get() {
            return new ProgressProcessor(skipped);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            StoreBuilder<KeyValueStore<String, BatchAggregate>> batches = Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(BATCH_STORE), Serdes.String(),
                            new JsonSerde<>(BatchAggregate.class))
                    .withCachingEnabled();
            StoreBuilder<KeyValueStore<Bytes, ItemState>> items = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(ITEM_STORE), Serdes.Bytes(), new ItemStateSerde());
            return Set.of(batches, items);
        }
    }
}
