package io.batchpulse.orchestrator.messaging;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.orchestrator.OrchestratorProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * The Kafka wiring every feature shares: the topics the orchestrator declares and one producer
 * for everything it writes (events, dispatch records, dead letters). Each listener's container
 * factory lives with the feature it serves ({@link ListenerFactories}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    @Bean
    Topics topics(OrchestratorProperties properties) {
        return properties.topics().names();
    }

    @Bean
    KafkaAdmin.NewTopics batchpulseTopics(OrchestratorProperties properties) {
        return new KafkaAdmin.NewTopics(properties.topics().newTopics().toArray(NewTopic[]::new));
    }

    @Bean
    ProducerFactory<String, Object> producerFactory(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(BatchEvent.class, new BatchEventSerde());
        byType.put(ItemDispatch.class, new ItemDispatchSerde());
        byType.put(BatchCommand.class, new BatchCommandSerde());
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true));
    }

    @Bean
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory, KafkaProperties kafka) {
        KafkaTemplate<String, Object> template = new KafkaTemplate<>(producerFactory);
        // spring.kafka.template.observation-enabled: a producer span per record, whose context goes in its traceparent
        template.setObservationEnabled(kafka.getTemplate().isObservationEnabled());
        return template;
    }
}
