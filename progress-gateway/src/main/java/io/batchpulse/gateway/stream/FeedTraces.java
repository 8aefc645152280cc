package io.batchpulse.gateway.stream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * The last hop of a batch's trace: each event the live feed relays to a batch's viewers is handed
 * over in a span that continues the record's trace context (its W3C traceparent header), and the
 * DEBUG line it logs carries the trace id. The SSE frames themselves stay as they are.
 */
@Component
class FeedTraces {

    /** The observation's name; also its timer's (seconds to hand an event to a batch's viewers). */
    static final String NAME = "batchpulse.feed.relay";
    private static final Logger log = LoggerFactory.getLogger(FeedTraces.class);

    private final ObservationRegistry registry;

    FeedTraces(ObjectProvider<ObservationRegistry> registry) {
        this.registry = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    void relay(ConsumerRecord<String, byte[]> record, Runnable feed) {
        Observation.createNotStarted(NAME, () -> new KafkaRecordReceiverContext(record, "progressFeed", () -> null),
                        registry)
                .contextualName(record.topic() + " relay")
                .highCardinalityKeyValue("batchpulse.batch.id", record.key())
                .observe(() -> {
                    feed.run();
                    log.debug("Relayed {}-{}@{} to the viewers of batch {}", record.topic(), record.partition(),
                            record.offset(), record.key());
                });
    }
}
