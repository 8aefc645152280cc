package io.batchpulse.worker.dispatch;

import io.batchpulse.events.item.ItemDispatch;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The span of one attempt, a child of the dispatch record's trace context (its W3C traceparent
 * header). It is in scope on the pool thread while the processor runs and the attempt's events
 * are sent, so every item event of the attempt carries a traceparent of the batch's trace. Done
 * here rather than by the container: a batch listener's container does not keep a record's span
 * in scope while the listener works, and the attempts run on other threads anyway.
 */
final class AttemptObservation {

    /** The observation's name; also its timer's (seconds per attempt, by processor). */
    static final String NAME = "batchpulse.item.process";

    private final ObservationRegistry registry;
    private final String groupId;

    AttemptObservation(ObservationRegistry registry, String groupId) {
        this.registry = registry;
        this.groupId = groupId;
    }

    <T> T observe(ConsumerRecord<String, ItemDispatch> record, Supplier<T> attempt) {
        ItemDispatch dispatch = record.value();
        return Observation.createNotStarted(NAME,
                        () -> new KafkaRecordReceiverContext(record, "item-dispatch", null, groupId, () -> null), registry)
                .contextualName(record.topic() + " process")
                .lowCardinalityKeyValue("processor", dispatch.processor())
                .highCardinalityKeyValue("batchpulse.batch.id", dispatch.batchId().toString())
                .highCardinalityKeyValue("batchpulse.item.id", dispatch.itemId().toString())
                .highCardinalityKeyValue("batchpulse.attempt", String.valueOf(dispatch.attempt()))
                .observe(attempt);
    }
}
