package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.testsupport.TopicReads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Jepsen's lost-write check next to a fault: a producer (acks=all, idempotent) writes numbered
 * records to a topic of its own, RF 3 and min ISR 2 like Batchpulse's, and logs the offset of
 * every acknowledged one. Afterwards a read_committed consumer reads the topic back: anything
 * acknowledged and not there was lost. Bounded: at most {@code MAX_RECORDS}, one every few ms.
 */
final class AcknowledgedWrites implements AutoCloseable {

    private static final int MAX_RECORDS = 20_000;

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread writer;

    private AcknowledgedWrites(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.writer = new Thread(this::write, "acknowledged-writes");
        writer.setDaemon(true);
    }

    static AcknowledgedWrites start(String bootstrapServers, String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get();
        }
        AcknowledgedWrites writes = new AcknowledgedWrites(bootstrapServers, topic);
        writes.writer.start();
        return writes;
    }

    private void write() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < MAX_RECORDS && running.get(); i++) {
                String value = Integer.toString(i);
                producer.send(new ProducerRecord<>(topic, value, value), (metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.put(value, (long) metadata.partition() << 48 | metadata.offset());
                    } else {
                        refused.incrementAndGet();
                    }
                });
                // a steady trickle: the point is to be writing when the fault hits, not to load the brokers
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            producer.flush();
        }
    }

    /** Stops writing, waits for the outstanding acknowledgements, and reads everything back. */
    int assertNoneLost() throws InterruptedException {
        running.set(false);
        writer.join(Duration.ofMinutes(3).toMillis());
        assertThat(writer.isAlive()).as("the writer finished its outstanding sends").isFalse();
        Map<String, Long> read = new HashMap<>();
        TopicReads.readAll(bootstrapServers, topic, new StringDeserializer(), new StringDeserializer(),
                record -> read.put(record.value(), (long) record.partition() << 48 | record.offset()));
        assertThat(acknowledged).as("writes acknowledged during the fault").isNotEmpty();
        acknowledged.forEach((value, position) -> assertThat(read.get(value))
                .as("acknowledged write %s at its offset", value).isEqualTo(position));
        return acknowledged.size();
    }

    /** How many writes have been acknowledged so far. */
    int acknowledged() {
        return acknowledged.size();
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        running.set(false);
    }
}
