package io.batchpulse.gateway.progress;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.ItemIds;
import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.gateway.SkippedEvents;
import io.batchpulse.gateway.SkippedEvents.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Folds one batch event into the batch's aggregate (batch store) and, for item events, the
 * item's state (item store), and forwards the batch's new version, a change notice that
 * {@link SnapshotEmitter} turns into a snapshot once coalesced. Events that change nothing
 * (duplicates, late results of older attempts, command.rejected, unknown types) forward nothing.
 * Both stores are written only after the fold succeeded, so a record that fails half-way leaves
 * no partial state behind.
 *
 * <p>The aggregates of recently active batches are also kept as objects: reading one back from
 * JSON costs about three times as much as the rest of the fold, and a running batch gets
 * thousands of events a second. The store stays the truth (written on every applied event, so
 * the changelog commits with the offsets); the objects are dropped whenever the task is
 * (re)initialised or a fold fails, so they can never differ from what the store restores.
 */
final class ProgressProcessor implements FixedKeyProcessor<String, BatchEvent, Long> {

    private static final Logger log = LoggerFactory.getLogger(ProgressProcessor.class);
    private static final int HOT_BATCHES = 2048;

    private final SkippedEvents skipped;
    private FixedKeyProcessorContext<String, Long> context;
    private KeyValueStore<String, BatchAggregate> batches;
    private KeyValueStore<Bytes, ItemState> items;
    private final Map<String, BatchAggregate> hot = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BatchAggregate> eldest) {
            return size() > HOT_BATCHES;
        }
    };

    ProgressProcessor(SkippedEvents skipped) {
        this.skipped = skipped;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Long> context) {
        hot.clear();
        this.context = context;
        this.batches = context.getStateStore(ProgressTopology.BATCH_STORE);
        this.items = context.getStateStore(ProgressTopology.ITEM_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, BatchEvent> record) {
        BatchEvent event = record.value();
        if (event == null) {
            log.warn("Skipping a tombstone under key {}", record.key());
            skipped.count(Reason.TOMBSTONE);
            return;
        }
        if (record.key() == null || event.batchId() == null) {
            log.warn("Skipping a batch event without key or batchId");
            skipped.count(Reason.MISSING_ID);
            return;
        }
        if (!event.understood()) {
            log.debug("Skipping event {} of type {} (schema version {})", event.eventId(), event.type(),
                    event.schemaVersion());
            skipped.count(Reason.notUnderstood(event));
            return;
        }
        // The fold is per key: folding an event of batch B under A's key would move A's counts.
        // Thrown, it goes to batch-events.DLT and counts as a dropped record, like an unreadable one.
        MisaddressedRecordException.check(record.key(), event.batchId());
        MDC.put("batchId", record.key());
        try {
            fold(record, event);
        } catch (RuntimeException e) {
            hot.remove(record.key());
            throw e;
        } finally {
            MDC.remove("batchId");
        }
    }

    private void fold(FixedKeyRecord<String, BatchEvent> record, BatchEvent event) {
        BatchAggregate aggregate = hot.get(record.key());
        if (aggregate == null) {
            aggregate = batches.get(record.key());
        }
        if (aggregate == null && event instanceof ItemEvent) {
            // Only the orchestrator's batch events make a batch: an item event (any worker, or
            // anyone who can write the topic) of a batch never announced would invent one here.
            log.warn("Skipping {} of a batch this gateway has no batch event of", event.type());
            skipped.count(Reason.UNKNOWN_BATCH);
            return;
        }
        if (aggregate == null) {
            aggregate = BatchAggregate.of(event.batchId());
        }
        boolean applied;
        if (event instanceof ItemEvent item) {
            if (item.itemId() == null) {
                skipped.count(Reason.MISSING_ID);
                return;
            }
            applied = foldItem(aggregate, item);
        } else {
            applied = BatchEventFold.apply(aggregate, event);
            if (applied && event instanceof BatchRetried retried && retried.itemIndex() != null) {
                retryItem(aggregate, retried);
            }
        }
        if (applied) {
            // the record's own offset: the same on every rebuild, and comparable with the feed's SSE ids
            aggregate.applied(event, context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
            batches.put(record.key(), aggregate);
            hot.put(record.key(), aggregate);
            // event times from several workers are not in order; the change table wants its
            // updates in order (else it warns per record), and stream time only moves forward
            context.forward(record.withValue(aggregate.version)
                    .withTimestamp(Math.max(record.timestamp(), context.currentStreamTimeMs())));
        }
    }

    private boolean foldItem(BatchAggregate aggregate, ItemEvent event) {
        Bytes key = ItemKeys.of(event.batchId(), event.itemId());
        Optional<ItemState> next = ItemEventFold.apply(aggregate, items.get(key), event);
        next.ifPresent(state -> items.put(key, state));
        return next.isPresent();
    }

    /** A retry of one failed item moves it from failed (and its failure group) to pending. */
    private void retryItem(BatchAggregate aggregate, BatchRetried retried) {
        Bytes key = ItemKeys.of(retried.batchId(), ItemIds.of(retried.batchId(), retried.itemIndex()));
        ItemState state = items.get(key);
        if (state == null || state.effectiveStatus(aggregate.bulkChanges) != ItemStatus.FAILED) {
            return;
        }
        aggregate.counts.move(ItemStatus.FAILED, ItemStatus.PENDING);
        aggregate.failureGroups.leave(state.failureGroup());
        items.put(key, new ItemState(state.attempt(), state.rank(), ItemStatus.PENDING, aggregate.generation));
    }

    @Override
    public void close() {
        hot.clear();
    }
}
