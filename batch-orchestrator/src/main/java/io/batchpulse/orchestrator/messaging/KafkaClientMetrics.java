package io.batchpulse.orchestrator.messaging;

import io.batchpulse.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.support.CompositeProducerListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.stereotype.Component;

/**
 * Kafka client metrics for the factories this service builds itself (Spring Boot binds only the
 * ones it auto-configures): every consumer's metrics tagged with its {@code group}, so
 * kafka.consumer.fetch.manager.records.lag.max is the lag per consumer group; every producer's
 * metrics; and batchpulse.dlt.records{topic,cause}, counted when the broker acknowledges a dead
 * letter. Bound before any client exists: containers and producers start after every singleton.
 */
@Component
class KafkaClientMetrics implements SmartInitializingSingleton {

    private final MeterRegistry meters;
    private final ObjectProvider<KafkaTemplate<?, ?>> templates;
    private final ObjectProvider<AbstractKafkaListenerContainerFactory<?, ?, ?>> listeners;

    KafkaClientMetrics(MeterRegistry meters, ObjectProvider<KafkaTemplate<?, ?>> templates,
            ObjectProvider<AbstractKafkaListenerContainerFactory<?, ?, ?>> listeners) {
        this.meters = meters;
        this.templates = templates;
        this.listeners = listeners;
    }

    @Override
    public void afterSingletonsInstantiated() {
        templates.forEach(this::bind);
        listeners.forEach(factory -> {
            if (factory.getConsumerFactory() instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
                bind(consumers);
            }
        });
    }

    private <K, V> void bind(KafkaTemplate<K, V> template) {
        if (template.getProducerFactory() instanceof DefaultKafkaProducerFactory<K, V> producers) {
            producers.addListener(new MicrometerProducerListener<>(meters));
        }
        template.setProducerListener(new CompositeProducerListener<>(new LoggingProducerListener<>(),
                new DeadLetterCounter<>()));
    }

    private <K, V> void bind(DefaultKafkaConsumerFactory<K, V> consumers) {
        Object group = consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG);
        consumers.addListener(new MicrometerConsumerListener<>(meters, List.of(Tag.of("group", String.valueOf(group)))));
    }

    private final class DeadLetterCounter<K, V> implements ProducerListener<K, V> {

        @Override
        public void onSuccess(ProducerRecord<K, V> record, RecordMetadata metadata) {
            String topic = record.topic();
            if (topic.endsWith(Topics.DLT_SUFFIX)) {
                Header cause = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
                if (cause == null) {
                    cause = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN);
                }
                String className = cause == null ? "unknown" : new String(cause.value(), StandardCharsets.UTF_8);
                Counter.builder("batchpulse.dlt.records")
                        .tag("topic", topic.substring(0, topic.length() - Topics.DLT_SUFFIX.length()))
                        .tag("cause", className.substring(className.lastIndexOf('.') + 1))
                        .description("records published to a dead-letter topic, by source topic and cause")
                        .register(meters).increment();
            }
        }
    }
}
