package io.batchpulse.orchestrator.command;

import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.DatabaseOutages;
import io.batchpulse.orchestrator.messaging.ListenerFactories;
import io.batchpulse.orchestrator.owner.OwnershipRebalanceListener;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The command listener's container: a command that keeps failing goes to the DLT after three retries,
 * as the bytes it arrived as.
 * Its group's assignment also decides which batches this instance dispatches for.
 */
@Configuration(proxyBeanMethods = false)
class CommandListenerConfig {

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> commandListenerFactory(KafkaProperties kafka,
            KafkaTemplate<String, Object> template, OrchestratorProperties properties,
            OwnershipRebalanceListener ownership) {
        var factory = ListenerFactories.create(kafka, properties.consumers().commandGroupId(), 100,
                ByteArrayDeserializer::new); // CommandListener reads them, so a dead letter keeps the bytes
        DefaultErrorHandler errors = new DefaultErrorHandler(ListenerFactories.deadLetters(template),
                new FixedBackOff(200, 3));
        // The database being away is no reason to dead-letter a command: wait for it. A command it
        // refuses (a NUL character in a jsonb field) is refused the same way every time: dead-letter it.
        errors.setBackOffFunction((record, failure) -> DatabaseOutages.isOutage(failure) ? ListenerFactories.patient()
                : null);
        errors.addNotRetryableExceptions(UnreadableCommandException.class, MisaddressedRecordException.class);
        factory.setCommonErrorHandler(errors);
        factory.getContainerProperties().setConsumerRebalanceListener(ownership);
        // spring.kafka.listener.observation-enabled: each command is handled in a span continuing its
        // traceparent, so the batch it creates (and the events written for it) join the caller's trace.
        // Not on the recorder: a batch listener handles many batches at once, their traces go with the rows.
        factory.getContainerProperties().setObservationEnabled(kafka.getListener().isObservationEnabled());
        return factory;
    }
}
