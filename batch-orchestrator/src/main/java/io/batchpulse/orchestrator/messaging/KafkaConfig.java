package io.batchpulse.orchestrator.messaging;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.record.UnreadableEventException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.TransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring in one place: the topics the orchestrator declares, one producer for everything
 * it writes (events, dispatch records, dead letters), and the two listener factories with
 * poison-record handling (rule 7: bad bytes go to {@code <topic>.DLT}, same partition).
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
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BatchCommand> commandListenerFactory(KafkaProperties kafka,
            KafkaTemplate<String, Object> template) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, BatchCommand>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumerConfig(kafka, 100),
                StringDeserializer::new, () -> new ErrorHandlingDeserializer<>(new BatchCommandSerde())));
        DefaultErrorHandler errors = new DefaultErrorHandler(deadLetters(template), new FixedBackOff(200, 3));
        // The database being away is no reason to dead-letter a command: wait for it.
        errors.setBackOffFunction((record, failure) -> isInfrastructure(failure) ? patient() : null);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BatchEvent> recorderListenerFactory(KafkaProperties kafka,
            KafkaTemplate<String, Object> template, OrchestratorProperties properties) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, BatchEvent>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(
                consumerConfig(kafka, properties.consumers().recorderMaxPollRecords()),
                StringDeserializer::new, () -> new ErrorHandlingDeserializer<>(new BatchEventSerde())));
        factory.setBatchListener(true);
        factory.setConcurrency(properties.consumers().recorderConcurrency());
        // an idle recorder is a caught-up recorder: leases may expire (see RecorderWatermark)
        factory.getContainerProperties().setIdleEventInterval(1_000L);
        // Results must never be dropped: a failing poll is retried until it succeeds. Records
        // that cannot be read at all are not retryable and go straight to the DLT.
        DefaultErrorHandler errors = new DefaultErrorHandler(deadLetters(template), patient());
        errors.addNotRetryableExceptions(UnreadableEventException.class);
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    private static Map<String, Object> consumerConfig(KafkaProperties kafka, int maxPollRecords) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return config;
    }

    private static DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<String, Object> template) {
        return new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
    }

    private static BackOff patient() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    private static boolean isInfrastructure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException || t instanceof TransactionException) {
                return true;
            }
        }
        return false;
    }
}
