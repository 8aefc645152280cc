package io.batchpulse.orchestrator.record;

import io.batchpulse.events.BatchEvent;
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
        // A failing poll is retried until it succeeds: RefusedEvents dead-letters itself an event the
        // database refuses every time, and a record that cannot be read or whose key is not its batchId,
        // so what fails a poll here is the database being away (F6). Dead-lettering those from here
        // instead would go wrong when the database is away as well: the retry of the whole poll (Spring
        // Kafka's FallbackBatchErrorHandler) cannot take a failed record's index, so it would retry for
        // ever or dead-letter the whole poll.
        DefaultErrorHandler errors = new DefaultErrorHandler(ListenerFactories.deadLetters(template),
                ListenerFactories.patient());
        factory.setCommonErrorHandler(errors);
        return factory;
    }
}
