package io.batchpulse.orchestrator.record;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.MisaddressedRecordException;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.messaging.ListenerFactories;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The result listener's container: batch polls, and results are never dropped. */
@Configuration(proxyBeanMethods = false)
class ResultListenerConfig {

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BatchEvent> recorderListenerFactory(KafkaProperties kafka,
            KafkaTemplate<String, Object> template, OrchestratorProperties properties) {
        OrchestratorProperties.Consumers consumers = properties.consumers();
        var factory = ListenerFactories.create(kafka, consumers.recorderGroupId(), consumers.recorderMaxPollRecords(),
                BatchEventSerde::new);
        factory.setBatchListener(true);
        factory.setConcurrency(consumers.recorderConcurrency());
        // an idle recorder is a caught-up recorder: leases may expire (see RecorderWatermark)
        factory.getContainerProperties().setIdleEventInterval(1_000L);
        // A failing poll is retried until it succeeds: RefusedEvents dead-letters an event the database
        // refuses every time itself, so what fails a poll here is the database being away (F6). Records
        // that cannot be read at all, or whose key is not their batchId, are not retryable and go
        // straight to the DLT.
        DefaultErrorHandler errors = new DefaultErrorHandler(ListenerFactories.deadLetters(template),
                ListenerFactories.patient());
        errors.addNotRetryableExceptions(UnreadableEventException.class, MisaddressedRecordException.class);
        factory.setCommonErrorHandler(errors);
        return factory;
    }
}
