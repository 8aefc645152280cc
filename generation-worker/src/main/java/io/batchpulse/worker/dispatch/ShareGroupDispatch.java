package io.batchpulse.worker.dispatch;

import io.batchpulse.events.Topics;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.worker.WorkerProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * item-dispatch through a Kafka share group (KIP-932) instead of a consumer group: every slot of
 * the worker ({@code concurrency * parallelism}) is a share consumer that takes one record at a
 * time, so a long item holds back only its own slot, and the broker hands each record to
 * whichever slot is free, whatever its partition. A record is accepted once its attempt's events
 * are acknowledged; released (delivered again, to any worker) if they could not be sent; sent to
 * the dead-letter topic and rejected if it cannot be read.
 */
final class ShareGroupDispatch {

    private static final LogAccessor log = new LogAccessor(ShareGroupDispatch.class);

    /** Consumer settings a share consumer refuses: the share group's own settings stand in for them. */
    private static final List<String> CONSUMER_GROUP_ONLY = List.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG,
            ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);

    private ShareGroupDispatch() {
    }

    /**
     * @param consumerConfig the worker's consumer settings; those only a consumer group has are left out
     * @param attempts       runs one dispatch; the future completes when its events are acknowledged
     */
    static ShareKafkaMessageListenerContainer<String, ItemDispatch> container(Map<String, Object> consumerConfig,
            WorkerProperties worker, Topics topics, AttemptObservation observation,
            Function<ItemDispatch, CompletableFuture<Void>> attempts, DeadLetterPublishingRecoverer deadLetters) {
        Map<String, Object> config = new LinkedHashMap<>(consumerConfig);
        CONSUMER_GROUP_ONLY.forEach(config::remove);
        // one record per slot: a poll's records would otherwise run one after another on its thread
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        var consumers = new DefaultShareConsumerFactory<>(config, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(new ReadableDispatchDeserializer()), false);

        ContainerProperties properties = new ContainerProperties(topics.itemDispatch());
        properties.setGroupId(worker.shareGroup());
        properties.setShareAckMode(ContainerProperties.ShareAckMode.EXPLICIT);
        properties.setMessageListener((MessageListener<String, ItemDispatch>) record -> {
            if (record.value() == null) {
                throw UnreadableDispatchException.of(record);
            }
            observation.observe(record, () -> attempts.apply(record.value())).join();
        });

        var container = new ShareKafkaMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(worker.concurrency() * worker.parallelism());
        container.setClientId("batchpulse-worker-" + worker.id());
        container.setShareConsumerRecordRecoverer((record, failure) -> recover(record, failure, deadLetters));
        container.setBeanName("item-dispatch");
        return container;
    }

    /**
     * Sets the group's own settings, before its first consumer joins: from the oldest record (as
     * the consumer group's {@code auto-offset-reset: earliest}), and read_committed, since the
     * orchestrator dispatches in transactions and an aborted dispatch must not run; and the
     * acquisition lock, if one is configured.
     */
    static void configureGroup(Map<String, Object> adminConfig, String group, Duration lock) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> settings = new ArrayList<>(List.of(
                new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"), AlterConfigOp.OpType.SET)));
        if (lock != null) {
            settings.add(new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms",
                    String.valueOf(lock.toMillis())), AlterConfigOp.OpType.SET));
        }
        try (Admin admin = Admin.create(adminConfig)) {
            admin.incrementalAlterConfigs(Map.of(resource, settings)).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring share group " + group, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not configure share group " + group
                    + " (share groups need Kafka 4.2 or later): " + e.getMessage(), e);
        }
    }

    /**
     * Unreadable: to the dead-letter topic, then rejected (never delivered again). Anything else
     * (the attempt's events could not be sent): released, so it is delivered again. Past the
     * group's delivery count limit the broker archives it, and the orchestrator's lease sends the
     * item again as a new attempt.
     */
    private static AcknowledgeType recover(ConsumerRecord<?, ?> record, Exception failure,
            DeadLetterPublishingRecoverer deadLetters) {
        if (UnreadableDispatchException.in(failure).isPresent()) {
            try {
                deadLetters.accept(record, failure);
                return AcknowledgeType.REJECT;
            } catch (RuntimeException e) {
                log.warn(e, "Could not send an unreadable dispatch to the dead-letter topic; released");
                return AcknowledgeType.RELEASE;
            }
        }
        log.warn(failure, () -> "Dispatch " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " not finished; released to be delivered again");
        return AcknowledgeType.RELEASE;
    }
}
