package io.batchpulse.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.BatchCommandSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Watches batch-commands from "now" on: a consumer assigned to every partition at its end offset.
 * {@link #assertNothingWritten()} proves a negative without sleeping: it writes a marker to every
 * partition and reads up to all markers; anything before them was written by the request under test.
 */
public final class CommandsProbe implements AutoCloseable {

    private static final String MARKER = "probe-marker-";
    private static final BatchCommandSerde COMMANDS = new BatchCommandSerde();

    private final KafkaConsumer<String, byte[]> consumer;
    private final String bootstrapServers;
    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    /** @param isolation read_committed to see what the orchestrator would see, read_uncommitted to see every write */
    public CommandsProbe(String bootstrapServers, String topic, String isolation) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Commands (not markers) read so far plus what arrives until {@code done} holds for them. */
    public List<ConsumerRecord<String, BatchCommand>> awaitCommands(Predicate<List<ConsumerRecord<String, BatchCommand>>> done) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            poll();
            return done.test(commands());
        });
        return commands();
    }

    public void assertNothingWritten() {
        String marker = MARKER + UUID.randomUUID();
        List<Integer> partitions = consumer.assignment().stream().map(TopicPartition::partition).toList();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            partitions.forEach(p -> producer.send(new ProducerRecord<>(topic, p, marker,
                    marker.getBytes(StandardCharsets.UTF_8))));
        }
        Set<Integer> markersSeen = new HashSet<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            poll();
            seen.stream().filter(r -> marker.equals(r.key())).forEach(r -> markersSeen.add(r.partition()));
            return markersSeen.size() == partitions.size();
        });
        assertThat(seen).filteredOn(r -> r.key() == null || !r.key().startsWith(MARKER))
                .as("records written to %s by the request", topic).isEmpty();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }

    private List<ConsumerRecord<String, BatchCommand>> commands() {
        return seen.stream()
                .filter(r -> r.key() == null || !r.key().startsWith(MARKER))
                .map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                        r.serializedKeySize(), r.serializedValueSize(), r.key(),
                        COMMANDS.deserialize(r.topic(), r.value()), r.headers(), r.leaderEpoch()))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
