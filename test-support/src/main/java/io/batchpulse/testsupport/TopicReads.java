package io.batchpulse.testsupport;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A test's own reader of a topic: a plain {@code read_committed} consumer, no group, that reads
 * every partition from its start to the end it had when the read began, and hands each record over.
 * Checkers use it instead of the code under test.
 */
public final class TopicReads {

    private TopicReads() {
    }

    public static <K, V> void readAll(String bootstrapServers, String topic, Deserializer<K> keys,
            Deserializer<V> values, Consumer<ConsumerRecord<K, V>> each) {
        readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, keys, values, each);
    }

    /** The same with a client's own connection settings: its bootstrap servers and, on a secured cluster, its user. */
    public static <K, V> void readAll(Map<String, Object> client, String topic, Deserializer<K> keys,
            Deserializer<V> values, Consumer<ConsumerRecord<K, V>> each) {
        readAll(client, List.of(topic), keys, values, each);
    }

    /** Several topics with one consumer, each partition from its start to the end it had when the read began. */
    public static <K, V> void readAll(Map<String, Object> client, Collection<String> topics, Deserializer<K> keys,
            Deserializer<V> values, Consumer<ConsumerRecord<K, V>> each) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
