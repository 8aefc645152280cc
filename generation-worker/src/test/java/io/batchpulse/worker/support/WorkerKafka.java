package io.batchpulse.worker.support;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.Topics;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ItemDispatchSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import static org.awaitility.Awaitility.await;

/**
 * The test plays the orchestrator with plain Kafka clients: it writes item-dispatch records and
 * reads what the worker wrote to batch-events and to the dead-letter topic.
 */
public final class WorkerKafka implements AutoCloseable {

    private final Topics topics;
    private final Admin admin;
    private final KafkaProducer<String, ItemDispatch> dispatches;
    private final KafkaProducer<String, byte[]> rawDispatches;
    private final KafkaConsumer<String, BatchEvent> events;
    private final KafkaConsumer<String, byte[]> deadLetters;
    private final List<ConsumerRecord<String, BatchEvent>> eventsSeen = new ArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> deadLettersSeen = new ArrayList<>();

    public WorkerKafka(String bootstrapServers, Topics topics) {
        this.topics = topics;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.dispatches = new KafkaProducer<>(producer, new StringSerializer(), new ItemDispatchSerde());
        this.rawDispatches = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.events = new KafkaConsumer<>(consumer, new StringDeserializer(), new BatchEventSerde());
        this.deadLetters = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        assignAll(events, topics.batchEvents());
        assignAll(deadLetters, Topics.deadLetter(topics.itemDispatch()));
    }

    /** Sends a dispatch to partition 0; returns its offset there. */
    public long send(ItemDispatch dispatch) {
        return acknowledged(dispatches.send(new ProducerRecord<>(topics.itemDispatch(), 0, dispatch.itemId().toString(), dispatch)));
    }

    /** Sends a dispatch as the orchestrator does within a trace: with its W3C traceparent header. */
    public void sendTraced(ItemDispatch dispatch, String traceparent) {
        ProducerRecord<String, ItemDispatch> record = new ProducerRecord<>(topics.itemDispatch(), 0,
                dispatch.itemId().toString(), dispatch);
        record.headers().add(Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        acknowledged(dispatches.send(record));
    }

    /** Sends raw bytes as a dispatch, on partition 0 like {@link #send}, so order between the two is fixed. */
    public long sendRaw(String key, byte[] value) {
        return acknowledged(rawDispatches.send(new ProducerRecord<>(topics.itemDispatch(), 0, key, value)));
    }

    /** Waits until the worker wrote at least {@code count} events for the batch; returns them in order. */
    public List<BatchEvent> awaitEvents(UUID batchId, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            events.poll(Duration.ofMillis(100)).forEach(eventsSeen::add);
            return eventsOf(batchId).size() >= count;
        });
        return eventsOf(batchId);
    }

    /** Reads what arrived since the last read (one poll); returns the batch's events so far. */
    public List<BatchEvent> pollEvents(UUID batchId) {
        events.poll(Duration.ofMillis(100)).forEach(eventsSeen::add);
        return eventsOf(batchId);
    }

    public List<ConsumerRecord<String, BatchEvent>> eventRecordsOf(UUID batchId) {
        return eventsSeen.stream().filter(r -> r.key().equals(batchId.toString())).toList();
    }

    public List<BatchEvent> eventsOf(UUID batchId) {
        return eventRecordsOf(batchId).stream().map(ConsumerRecord::value).toList();
    }

    public ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            deadLetters.poll(Duration.ofMillis(100)).forEach(deadLettersSeen::add);
            return deadLettersSeen.stream().anyMatch(r -> key.equals(r.key()));
        });
        return deadLettersSeen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        dispatches.close();
        rawDispatches.close();
        events.close();
        deadLetters.close();
        admin.close();
    }

    private static void assignAll(KafkaConsumer<?, ?> consumer, String topic) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(topic).isEmpty());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The offset the group committed on item-dispatch partition 0: where it would start again. */
    public long committedOffset(String group) {
        TopicPartition partition = new TopicPartition(topics.itemDispatch(), 0);
        try {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return committed == null ? -1 : committed.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read the group's offsets", e);
        }
    }

    private static long acknowledged(Future<RecordMetadata> send) {
        try {
            return send.get(30, TimeUnit.SECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Send failed", e);
        }
    }
}
