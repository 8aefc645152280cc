package io.batchpulse.orchestrator.support;

import io.batchpulse.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic's dead-letter topic from the beginning. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** Polls the DLT of the source topic until a record with exactly these bytes shows up, or gives up. */
    public static ConsumerRecord<String, byte[]> awaitRecord(String bootstrapServers, String sourceTopic, byte[] wanted,
            Duration timeout) {
        return awaitRecord(bootstrapServers, sourceTopic, record -> Arrays.equals(record.value(), wanted), timeout);
    }

    /** Polls the DLT of the source topic until a record with this key shows up, or gives up. */
    public static ConsumerRecord<String, byte[]> awaitKey(String bootstrapServers, String sourceTopic, String key,
            Duration timeout) {
        return awaitRecord(bootstrapServers, sourceTopic, record -> key.equals(record.key()), timeout);
    }

    /** Every record on the DLT of the source topic now, read to its end. */
    public static List<ConsumerRecord<String, byte[]>> all(String bootstrapServers, String sourceTopic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.deadLetter(sourceTopic)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Polls the DLT of the source topic until a record that is wanted shows up, or gives up. */
    public static ConsumerRecord<String, byte[]> awaitRecord(String bootstrapServers, String sourceTopic,
            Predicate<ConsumerRecord<String, byte[]>> wanted, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter(sourceTopic)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        return null;
    }
}
