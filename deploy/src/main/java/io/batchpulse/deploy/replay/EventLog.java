package io.batchpulse.deploy.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads batch-events with a plain consumer: every partition assigned (no group, so a replay
 * neither commits offsets nor joins or disturbs anyone's group), committed records only. A
 * bounded replay stops at the end offsets it saw at start, which under read_committed are the
 * last stable offsets: records of transactions still open then are not waited for.
 */
final class EventLog implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;

    EventLog(ReplayOptions options, String topic) {
        Map<String, Object> config = new HashMap<>(options.clientConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "batchpulse-replay");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /**
     * Hands every record from the start position on to the handler, then to the end offsets of
     * the start (or on and on when following), calling batchDone after each poll.
     */
    void replay(ReplayOptions options, Consumer<ConsumerRecord<String, byte[]>> handler, Runnable batchDone) {
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        seekToStart(partitions, options);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        try {
            while (options.follow() || !reached(end)) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    boolean inRange = options.follow()
                            || record.offset() < end.get(new TopicPartition(record.topic(), record.partition()));
                    if (inRange && !before(record, options)) {
                        handler.accept(record);
                    }
                }
                batchDone.run();
            }
        } catch (WakeupException stopped) {
            // --follow ends when the user stops it (stop())
        }
    }

    /** Ends a following replay from another thread (the shutdown hook). */
    void stop() {
        consumer.wakeup();
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (wrong --topic-prefix?)");
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private void seekToStart(List<TopicPartition> partitions, ReplayOptions options) {
        if (options.from() == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, options.from().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    /**
     * Seeking by time finds each partition's first record stamped at or after --from; a producer
     * may still have stamped a later record earlier (its own clock), and that one is left out too.
     */
    private static boolean before(ConsumerRecord<String, byte[]> record, ReplayOptions options) {
        return options.from() != null && record.timestamp() < options.from().toEpochMilli();
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
