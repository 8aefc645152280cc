package io.batchpulse.orchestrator.messaging;

import io.batchpulse.events.Topics;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every listener of the orchestrator has in common: read_committed, offsets committed by the
 * container, its consumer group in the consumer config (so {@code @KafkaListener} names none), and
 * poison-record handling (rule 7: bad bytes go to {@code <topic>.DLT}, same partition).
 */
public final class ListenerFactories {

    private ListenerFactories() {
    }

    /** A container factory whose values that cannot be read arrive as null, for the error handler. */
    public static <V> ConcurrentKafkaListenerContainerFactory<String, V> create(KafkaProperties kafka, String groupId,
            int maxPollRecords, Supplier<Deserializer<V>> values) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, V>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, StringDeserializer::new,
                () -> new ErrorHandlingDeserializer<>(values.get())));
        return factory;
    }

    /**
     * Publishes a dead letter to {@code <topic>.DLT}, same partition. A batch listener names the
     * failed record by wrapping the reason in a {@link BatchListenerFailedException}; the dead letter
     * carries the reason instead (in {@code kafka_dlt-exception-cause-fqcn}, which
     * batchpulse.dlt.records{cause} reads), as a record listener's does.
     */
    public static DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<String, Object> template) {
        return new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition())) {

            @Override
            public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
                super.accept(record, consumer, withoutBatchWrapper(failure));
            }
        };
    }

    static Exception withoutBatchWrapper(Exception failure) {
        Throwable thrown = failure instanceof ListenerExecutionFailedException ? failure.getCause() : failure;
        if (thrown instanceof BatchListenerFailedException batch && batch.getCause() != null) {
            return new ListenerExecutionFailedException(batch.getMessage(), batch.getCause());
        }
        return failure;
    }

    /** Retries for as long as it takes, backing off to one attempt every 5 s. */
    public static BackOff patient() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }
}
