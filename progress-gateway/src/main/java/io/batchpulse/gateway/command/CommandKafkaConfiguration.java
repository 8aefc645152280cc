package io.batchpulse.gateway.command;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.TypeFilteringDeserializer;
import io.batchpulse.gateway.GatewayInstance;
import io.batchpulse.gateway.SkippedEvents;
import io.batchpulse.gateway.SkippedEvents.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka clients of the command request/reply: a transactional producer for batch-commands and
 * a consumer of batch-events that hears the outcomes.
 */
@Configuration(proxyBeanMethods = false)
class CommandKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CommandKafkaConfiguration.class);

    /** Transactional so a batch's create, items and seal become visible together or not at all. */
    @Bean
    KafkaTemplate<String, BatchCommand> commandTemplate(KafkaProperties kafka, GatewayInstance instance) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        DefaultKafkaProducerFactory<String, BatchCommand> producers =
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new BatchCommandSerde());
        producers.setTransactionIdPrefix("batchpulse-gateway-" + instance.id() + "-");
        KafkaTemplate<String, BatchCommand> template = new KafkaTemplate<>(producers);
        // spring.kafka.template.observation-enabled: each command is sent in a span of the request's
        // trace and carries it in its traceparent header, so the batch's work joins that trace
        template.setObservationEnabled(kafka.getTemplate().isObservationEnabled());
        return template;
    }

    /** What the outcome listener passes over: {@code batchpulse.events.skipped{reader="command-outcomes"}}. */
    @Bean
    SkippedEvents commandOutcomeSkips(MeterRegistry registry) {
        return SkippedEvents.of(registry, SkippedEvents.Reader.COMMAND_OUTCOMES);
    }

    /**
     * Every instance reads all outcomes under a group of its own, from the newest offset: it only
     * cares about replies to commands it sends from now on, and only committed ones.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, BatchEvent> outcomeListenerFactory(KafkaProperties kafka,
            GatewayInstance instance, OutcomeListenerReadiness readiness, SkippedEvents commandOutcomeSkips) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "batchpulse-gateway-outcomes-" + instance.id());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ConcurrentKafkaListenerContainerFactory<String, BatchEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
        // item events, nearly every record of the topic, never answer a command: skipped by their
        // type header before they are parsed (or converted into messages)
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(new TypeFilteringDeserializer<>(new BatchEventSerde(),
                        type -> !type.startsWith(ItemEvent.TYPE_PREFIX)))));
        factory.setRecordFilterStrategy(record -> {
            // null: an item event the deserializer passed over by its type header, or a tombstone
            if (record.value() == null && record.headers().lastHeader(Headers.TYPE) == null) {
                commandOutcomeSkips.count(Reason.TOMBSTONE);
            }
            return record.value() == null;
        });
        factory.setCommonErrorHandler(skipPoisonRecords(commandOutcomeSkips));
        factory.getContainerProperties().setConsumerRebalanceListener(readiness);
        return factory;
    }

    /**
     * The orchestrator dead-letters poison records of batch-events; every gateway instance reads
     * the same records under its own group, so instances only log and skip them (dead-lettering
     * here would copy each poison record once per gateway instance).
     */
    private static DefaultErrorHandler skipPoisonRecords(SkippedEvents skipped) {
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, failure) -> {
                    log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), failure.getMessage());
                    skipped.count(Reason.UNREADABLE);
                },
                new FixedBackOff(0L, 0L));
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }
}
