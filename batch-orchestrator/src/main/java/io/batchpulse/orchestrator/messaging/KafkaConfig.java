package io.batchpulse.orchestrator.messaging;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.orchestrator.OrchestratorProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * The Kafka wiring every feature shares: the topics the orchestrator declares, one producer for
 * what it writes outside of dispatch (events, dead letters), and the transactional producers the
 * dispatch records go through (one per owned batch-commands partition). Each listener's container
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

    /**
     * The shared producer: the outbox relay's, the dead-letter recoverers'. A send blocks while the
     * producer has no metadata for its topic (an instance cut off from the brokers), by default
     * 60 s; the relay sends under a lock every other instance's dispatch waits for, so no send may
     * block longer than the relay waits for its acknowledgements.
     */
    @Bean
    ProducerFactory<String, Object> producerFactory(KafkaProperties kafka, OrchestratorProperties properties) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) properties.outbox().sendTimeout().toMillis());
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), values());
    }

    /**
     * The dispatch producers: the shared producer's settings, bounded by the dispatch send timeout
     * (a broker that does not answer blocks the dispatcher thread no longer than a send may take),
     * and their own serializers, which a producer closes with itself.
     */
    @Bean
    TransactionalProducers transactionalProducers(ProducerFactory<String, Object> producerFactory,
            OrchestratorProperties properties) {
        Duration sendTimeout = properties.dispatch().sendTimeout();
        return transactionalId -> {
            Map<String, Object> config = new HashMap<>(producerFactory.getConfigurationProperties());
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // the client id Kafka derives from the transactional id: one per producer, as its metrics need
            config.remove(ProducerConfig.CLIENT_ID_CONFIG);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) sendTimeout.toMillis());
            // an open transaction holds back every read_committed reader of its partitions: one left
            // by an instance cut off from the brokers is aborted after this, if no new owner fenced it first
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) sendTimeout.multipliedBy(3).toMillis());
            return new KafkaProducer<>(config, new StringSerializer(), values());
        };
    }

    private static DelegatingByTypeSerializer values() {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(BatchEvent.class, new BatchEventSerde());
        byType.put(ItemDispatch.class, new ItemDispatchSerde());
        byType.put(BatchCommand.class, new BatchCommandSerde());
        return new DelegatingByTypeSerializer(byType, true);
    }

    @Bean
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory, KafkaProperties kafka) {
        KafkaTemplate<String, Object> template = new KafkaTemplate<>(producerFactory);
        // spring.kafka.template.observation-enabled: a producer span per record, whose context goes in its traceparent
        template.setObservationEnabled(kafka.getTemplate().isObservationEnabled());
        return template;
    }
}
