package io.batchpulse.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;
import org.springframework.stereotype.Component;

/**
 * Kafka client metrics for the clients the gateway builds itself (Spring Boot binds only the
 * ones it auto-configures): the command producer, the outcome listener's consumer and the
 * progress Streams app, each tagged with its consumer {@code group} (the Streams app's is its
 * application.id), so kafka.consumer.fetch.manager.records.lag.max is the lag per group. Bound
 * before any client exists: listeners and streams start after every singleton.
 */
@Component
class KafkaClientMetrics implements SmartInitializingSingleton {

    private final MeterRegistry meters;
    private final ObjectProvider<KafkaTemplate<?, ?>> templates;
    private final ObjectProvider<AbstractKafkaListenerContainerFactory<?, ?, ?>> listeners;
    private final ObjectProvider<StreamsBuilderFactoryBean> streams;

    KafkaClientMetrics(MeterRegistry meters, ObjectProvider<KafkaTemplate<?, ?>> templates,
            ObjectProvider<AbstractKafkaListenerContainerFactory<?, ?, ?>> listeners,
            ObjectProvider<StreamsBuilderFactoryBean> streams) {
        this.meters = meters;
        this.templates = templates;
        this.listeners = listeners;
        this.streams = streams;
    }

    @Override
    public void afterSingletonsInstantiated() {
        templates.forEach(template -> {
            if (template.getProducerFactory() instanceof DefaultKafkaProducerFactory<?, ?> producers) {
                producers.addListener(new MicrometerProducerListener<>(meters));
            }
        });
        listeners.forEach(factory -> {
            if (factory.getConsumerFactory() instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
                Object group = consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG);
                consumers.addListener(new MicrometerConsumerListener<>(meters, group(group)));
            }
        });
        streams.forEach(factory -> {
            if (factory.getStreamsConfiguration() != null) {
                Object group = factory.getStreamsConfiguration().get(StreamsConfig.APPLICATION_ID_CONFIG);
                factory.addListener(new KafkaStreamsMicrometerListener(meters, group(group)));
            }
        });
    }

    private static List<Tag> group(Object group) {
        return List.of(Tag.of("group", String.valueOf(group)));
    }
}
