package io.batchpulse.deploy;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.BatchEventSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the batch-events topic back from the beginning with a plain consumer, as an analytics tool would. */
final class BatchEventLog {

    private BatchEventLog() {
    }

    /** One event of the batch with its offset, which is the SSE id a gateway gives it. */
    record Logged(long offset, BatchEvent event) {
    }

    static List<BatchEvent> eventsOf(String bootstrapServers, String topic, UUID batchId) {
        return loggedOf(bootstrapServers, topic, batchId).stream().map(Logged::event).toList();
    }

    static List<Logged> loggedOf(String bootstrapServers, String topic, UUID batchId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Logged> events = new ArrayList<>();
        try (KafkaConsumer<String, BatchEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new BatchEventSerde())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, BatchEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().equals(batchId.toString())) {
                        events.add(new Logged(record.offset(), record.value()));
                    }
                }
            }
        }
        return events;
    }
}
