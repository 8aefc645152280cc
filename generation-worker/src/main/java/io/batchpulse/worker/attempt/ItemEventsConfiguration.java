package io.batchpulse.worker.attempt;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.worker.WorkerProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * One idempotent producer (acks=all) for everything the worker writes: item events and, through
 * the dead-letter recoverer, the raw bytes of dispatch records it could not read.
 */
@Configuration(proxyBeanMethods = false)
class ItemEventsConfiguration {

    @Bean
    ProducerFactory<String, Object> workerProducerFactory(KafkaProperties kafka, WorkerProperties worker) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "batchpulse-worker-" + worker.id());
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(BatchEvent.class, new BatchEventSerde());
        byType.put(ItemDispatch.class, new ItemDispatchSerde());
        byType.put(byte[].class, new ByteArraySerializer());
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true));
    }

    @Bean
    KafkaTemplate<String, Object> workerKafkaTemplate(ProducerFactory<String, Object> workerProducerFactory,
            KafkaProperties kafka) {
        KafkaTemplate<String, Object> template = new KafkaTemplate<>(workerProducerFactory);
        // spring.kafka.template.observation-enabled: each event is sent in a span of the attempt's
        // trace, whose context goes in the record's traceparent
        template.setObservationEnabled(kafka.getTemplate().isObservationEnabled());
        return template;
    }

    @Bean
    RetryBackoff retryBackoff(WorkerProperties worker) {
        return new RetryBackoff(worker.retry().backOff());
    }
}
