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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends claimed items to the workers: one item.dispatched event on batch-events (first, so the
 * event log shows the dispatch before the worker's item.started) and one ItemDispatch record on
 * item-dispatch (key itemId) per item, then waits for the broker to acknowledge all of them. The
 * dispatch record names the instance and owner epoch that sent it.
 */
@Component
class DispatchSender {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final OrchestratorProperties.Dispatch settings;
    private final TraceContexts traces;
    private final BatchOwnership ownership;

    DispatchSender(KafkaTemplate<String, Object> kafka, Topics topics, OrchestratorProperties properties,
            TraceContexts traces, BatchOwnership ownership) {
        this.kafka = kafka;
        this.traces = traces;
        this.ownership = ownership;
        this.topics = topics;
        this.settings = properties.dispatch();
    }

    /** Throws when any record was not acknowledged; the caller then reverts the claims. */
    void send(List<ClaimedItem> items, Map<UUID, DispatchTarget> targets, boolean withEvents) {
        List<CompletableFuture<?>> acks = new ArrayList<>(items.size() * 2);
        if (withEvents) {
            for (ClaimedItem item : items) {
                acks.add(sendInTrace(targets.get(item.batchId()), new ProducerRecord<>(topics.batchEvents(),
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
            acks.add(sendInTrace(target, record));
        }
        kafka.flush();
        Acknowledgements.await(acks, settings.sendTimeout(), "dispatch records");
    }

    /** In the trace of the command that created the batch, so the worker's spans join it. */
    private CompletableFuture<?> sendInTrace(DispatchTarget target, ProducerRecord<String, Object> record) {
        String traceparent = target == null ? null : target.traceparent();
        return traces.continuing(traceparent, "dispatch", () -> kafka.send(record));
    }
}
