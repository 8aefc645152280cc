package io.batchpulse.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw Kafka on the same broker: one plain producer (acks=all, idempotent: what our services use)
 * sends N records of the item-dispatch record's size with itemId-like keys to a fresh topic with
 * the item-dispatch topic's partition count, and one consumer reads them all. Records/s from the
 * first send to the last record read.
 */
final class RawKafkaBaseline {

    record Result(int records, int recordBytes, long millis) {

        double perSecond() {
            return records * 1000.0 / Math.max(1, millis);
        }
    }

    private static final int PARTITIONS = 12;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private RawKafkaBaseline() {
    }

    static Result run(String bootstrap, int records, int recordBytes) {
        String topic = "bench-raw-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()))).all().get();
            try {
                return measure(bootstrap, topic, records, recordBytes);
            } finally {
                admin.deleteTopics(List.of(topic));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
        }
    }

    private static Result measure(String bootstrap, String topic, int records, int recordBytes) {
        byte[] value = new byte[recordBytes];
        ThreadLocalRandom.current().nextBytes(value);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                        new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(partition -> new TopicPartition(topic, partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            long start = System.nanoTime();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
                }
                producer.flush();
            }, "bench-raw-producer");
            sender.start();
            long received = 0;
            long deadline = start + TIMEOUT.toNanos();
            while (received < records && System.nanoTime() < deadline) {
                received += consumer.poll(Duration.ofMillis(100)).count();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            join(sender);
            if (received < records) {
                throw new IllegalStateException("raw consumer read " + received + " of " + records + " in " + TIMEOUT);
            }
            return new Result(records, recordBytes, millis);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
