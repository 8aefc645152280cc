package io.batchpulse.worker.dispatch;

import io.batchpulse.events.Topics;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.worker.WorkerProperties;
import io.batchpulse.worker.WorkerProperties.DispatchGroup;
import io.batchpulse.worker.attempt.AttemptRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The consumer side. By default one consumer group on item-dispatch, {@code worker.concurrency}
 * consumer threads, each handing the records of a poll to the parallel runner; with
 * {@code worker.dispatch-group: share-group}, a share group instead ({@link ShareGroupDispatch}).
 * Unreadable records go to the dead-letter topic (same partition) and the consumer goes on.
 */
@Configuration(proxyBeanMethods = false)
class ItemDispatchConfiguration {

    @Bean
    AttemptObservation attemptObservation(WorkerProperties worker, ObjectProvider<ObservationRegistry> observations) {
        return new AttemptObservation(observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                worker.dispatchGroup() == DispatchGroup.SHARE_GROUP ? worker.shareGroup() : worker.group());
    }

    @Bean
    ParallelDispatchRunner parallelDispatchRunner(AttemptRunner attempts, WorkerProperties worker,
            AttemptObservation observation) {
        return new ParallelDispatchRunner(record -> observation.observe(record, () -> attempts.run(record.value())),
                worker.concurrency(), worker.parallelism(), worker.shutdownTimeout());
    }

    @Bean
    DeadLetterPublishingRecoverer itemDispatchDeadLetters(KafkaOperations<String, Object> kafka) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        deadLetters.addHeadersFunction(ItemDispatchConfiguration::readableReason);
        return deadLetters;
    }

    @Bean
    DefaultErrorHandler itemDispatchErrorHandler(DeadLetterPublishingRecoverer itemDispatchDeadLetters,
            WorkerProperties worker) {
        // Unreadable records are never retried (DeserializationException is fatal by default); the
        // backoff paces redelivery of a poll whose events could not be published, without a limit:
        // dispatches are only given up by the orchestrator's lease, never dropped here.
        DefaultErrorHandler handler = new DefaultErrorHandler(itemDispatchDeadLetters, worker.retry().backOff());
        handler.addNotRetryableExceptions(UnreadableDispatchException.class);
        return handler;
    }

    @Bean
    MessageListenerContainer itemDispatchContainer(KafkaProperties kafka, WorkerProperties worker, Topics topics,
            ParallelDispatchRunner runner, DefaultErrorHandler itemDispatchErrorHandler, MeterRegistry meters,
            AttemptRunner attempts, AttemptObservation observation, DeadLetterPublishingRecoverer itemDispatchDeadLetters) {
        if (worker.dispatchGroup() == DispatchGroup.SHARE_GROUP) {
            ShareGroupDispatch.configureGroup(kafka.buildAdminProperties(), worker.shareGroup(), worker.shareLock());
            return ShareGroupDispatch.container(kafka.buildConsumerProperties(), worker, topics, observation,
                    attempts::run, itemDispatchDeadLetters);
        }
        return consumerGroupContainer(kafka.buildConsumerProperties(), worker, topics, runner,
                itemDispatchErrorHandler, meters);
    }

    private static ConcurrentMessageListenerContainer<String, ItemDispatch> consumerGroupContainer(
            Map<String, Object> consumerConfig, WorkerProperties worker, Topics topics, ParallelDispatchRunner runner,
            DefaultErrorHandler errorHandler, MeterRegistry meters) {
        Map<String, Object> config = new LinkedHashMap<>(consumerConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "batchpulse-worker-" + worker.id());
        var consumers = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(new ReadableDispatchDeserializer()));
        // the client's metrics (records-lag-max: this group's lag) with the group, which the container sets
        consumers.addListener(new MicrometerConsumerListener<>(meters, List.of(Tag.of("group", worker.group()))));

        ContainerProperties properties = new ContainerProperties(topics.itemDispatch());
        properties.setGroupId(worker.group());
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setShutdownTimeout(worker.shutdownTimeout().toMillis());
        properties.setMessageListener(new ItemDispatchListener(runner));

        var container = new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(worker.concurrency());
        container.setCommonErrorHandler(errorHandler);
        container.setBeanName("item-dispatch");
        return container;
    }

    /**
     * The container drains the items in hand within its shutdown phase, so the phase lasts
     * {@code worker.shutdown-timeout} too: one setting instead of two to keep in step. Stands in
     * for Spring Boot's own, which would read {@code spring.lifecycle.timeout-per-shutdown-phase}.
     */
    @Bean(name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
    DefaultLifecycleProcessor lifecycleProcessor(WorkerProperties worker) {
        DefaultLifecycleProcessor lifecycle = new DefaultLifecycleProcessor();
        lifecycle.setTimeoutPerShutdownPhase(worker.shutdownTimeout().toMillis());
        return lifecycle;
    }

    /**
     * Puts the deserializer's own reason ("Cannot read ItemDispatch ...", "schemaVersion 2 is not
     * supported ...") in the dead letter's exception-message header, where operators look first,
     * instead of the ErrorHandlingDeserializer's generic "failed to deserialize".
     */
    private static Headers readableReason(ConsumerRecord<?, ?> record, Exception failure) {
        return UnreadableDispatchException.in(failure)
                .<Headers>map(unreadable -> new RecordHeaders(List.of(new DeadLetterPublishingRecoverer.SingleRecordHeader(
                        KafkaHeaders.DLT_EXCEPTION_MESSAGE, unreadable.getMessage().getBytes(StandardCharsets.UTF_8)))))
                .orElse(null);
    }
}
