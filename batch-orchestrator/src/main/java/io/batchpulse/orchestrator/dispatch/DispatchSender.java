package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.Topics;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.item.ClaimedItem;
import io.batchpulse.orchestrator.messaging.Acknowledgements;
import io.batchpulse.orchestrator.messaging.TraceContexts;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import io.batchpulse.orchestrator.owner.DispatchProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;

/**
 * Sends claimed items to the workers: one item.dispatched event on batch-events (first, so the
 * event log shows the dispatch before the worker's item.started) and one ItemDispatch record on
 * item-dispatch (key itemId) per item, then waits for the broker to acknowledge all of them. The
 * dispatch record names the instance and owner epoch that sent it.
 *
 * <p>The records of one batch-commands partition's items go in one Kafka transaction of that
 * partition's producer ({@link DispatchProducers}), one per send, not per record: readers see
 * them only once it commits, and never if another instance fenced the producer first.
 */
@Component
class DispatchSender {

    /** Some items' records were not committed; the others' were. */
    static final class UnsentException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient List<ClaimedItem> unsent;

        UnsentException(List<ClaimedItem> unsent, RuntimeException cause) {
            super("the dispatch records of " + unsent.size() + " items were not committed", cause);
            this.unsent = List.copyOf(unsent);
        }

        List<ClaimedItem> unsent() {
            return unsent;
        }
    }

    /** One partition's transaction under way. */
    private record Open(int partition, Producer<String, Object> producer, List<ClaimedItem> items,
            List<CompletableFuture<?>> acks) {
    }

    private final DispatchProducers producers;
    private final Topics topics;
    private final OrchestratorProperties.Dispatch settings;
    private final TraceContexts traces;
    private final BatchOwnership ownership;

    DispatchSender(DispatchProducers producers, Topics topics, OrchestratorProperties properties,
            TraceContexts traces, BatchOwnership ownership) {
        this.producers = producers;
        this.traces = traces;
        this.ownership = ownership;
        this.topics = topics;
        this.settings = properties.dispatch();
    }

    /**
     * Throws {@link UnsentException} naming the items whose records were not committed (sent but
     * not acknowledged in time, refused, fenced); the caller then reverts their claims.
     */
    void send(List<ClaimedItem> items, Map<UUID, DispatchTarget> targets, boolean withEvents) {
        Map<Integer, List<ClaimedItem>> byPartition = new TreeMap<>();
        items.forEach(item -> byPartition.computeIfAbsent(ownership.partition(item.batchId()), p -> new ArrayList<>())
                .add(item));
        List<ClaimedItem> unsent = new ArrayList<>();
        RuntimeException failure = null;
        List<Open> open = new ArrayList<>(byPartition.size());
        for (Map.Entry<Integer, List<ClaimedItem>> partition : byPartition.entrySet()) {
            try {
                open.add(begin(partition.getKey(), partition.getValue(), targets, withEvents));
            } catch (RuntimeException e) {
                failure = failed(failure, e, partition.getKey(), partition.getValue(), unsent);
            }
        }
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        for (Open transaction : open) {
            try {
                Acknowledgements.await(transaction.acks(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                        "dispatch records");
                transaction.producer().commitTransaction();
            } catch (RuntimeException e) {
                failure = failed(failure, e, transaction.partition(), transaction.items(), unsent);
            }
        }
        if (failure != null) {
            throw new UnsentException(unsent, failure);
        }
    }

    private Open begin(int partition, List<ClaimedItem> items, Map<UUID, DispatchTarget> targets,
            boolean withEvents) {
        Producer<String, Object> producer = producers.of(partition);
        if (producer == null) {
            throw new IllegalStateException("no open dispatch producer for batch-commands partition " + partition);
        }
        producer.beginTransaction();
        List<CompletableFuture<?>> acks = new ArrayList<>(items.size() * 2);
        if (withEvents) {
            for (ClaimedItem item : items) {
                acks.add(sendInTrace(producer, targets.get(item.batchId()), new ProducerRecord<>(topics.batchEvents(),
                        item.batchId().toString(), new ItemDispatched(UUID.randomUUID(), item.batchId(),
                                item.dispatchedAt(), SchemaVersion.CURRENT, item.itemId(), item.index(), item.attempt(),
                                null, item.label()))));
            }
        }
        for (ClaimedItem item : items) {
            DispatchTarget target = targets.get(item.batchId());
            ProducerRecord<String, Object> record = new ProducerRecord<>(topics.itemDispatch(), item.itemId().toString(),
                    new ItemDispatch(UUID.randomUUID(), item.batchId(), item.itemId(), item.index(), item.attempt(),
                            item.lastAttempt(target.options().maxAttempts()), target.processor(), target.config(),
                            item.label(), JsonText.tree(item.payloadJson()), item.dispatchedAt(),
                            target.options().itemTimeout(), SchemaVersion.CURRENT));
            record.headers().add(Headers.DISPATCHER,
                    ownership.dispatcher(item.batchId()).getBytes(StandardCharsets.UTF_8));
            acks.add(sendInTrace(producer, target, record));
        }
        return new Open(partition, producer, items, acks);
    }

    /** Discards the partition's producer (its transaction is left to be aborted) and notes its items as unsent. */
    private RuntimeException failed(RuntimeException first, RuntimeException e, int partition,
            List<ClaimedItem> items, List<ClaimedItem> unsent) {
        producers.discard(partition, e);
        unsent.addAll(items);
        if (first == null) {
            return e;
        }
        first.addSuppressed(e);
        return first;
    }

    /** In the trace of the command that created the batch, so the worker's spans join it. */
    private CompletableFuture<?> sendInTrace(Producer<String, Object> producer, DispatchTarget target,
            ProducerRecord<String, Object> record) {
        String traceparent = target == null ? null : target.traceparent();
        return traces.continuing(traceparent, "dispatch", () -> {
            String current = traces.current();
            if (current != null) {
                record.headers().add(Headers.TRACEPARENT, current.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<Object> ack = new CompletableFuture<>();
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    ack.complete(metadata);
                } else {
                    ack.completeExceptionally(exception);
                }
            });
            return ack;
        });
    }
}
