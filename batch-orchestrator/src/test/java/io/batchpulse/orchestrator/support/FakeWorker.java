package io.batchpulse.orchestrator.support;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.events.model.ItemError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the worker role: consumes item-dispatch with a plain consumer and answers on
 * batch-events as the behaviour registered for the item's batch says (default: start and
 * complete at once). It answers only what was dispatched after it was created, so test classes
 * that share topics do not answer each other's items.
 */
public final class FakeWorker implements AutoCloseable {

    /** How the worker answers one dispatch record. */
    @FunctionalInterface
    public interface Behaviour {
        void on(ItemDispatch dispatch, FakeWorker worker);
    }

    public static final Behaviour COMPLETE = (d, w) -> w.send(started(d), completed(d, "done"));
    public static final Behaviour SILENT = (d, w) -> {
    };

    private final String eventsTopic;
    private final KafkaProducer<String, BatchEvent> producer;
    private final KafkaProducer<String, byte[]> rawProducer;
    private final Map<UUID, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ItemDispatch> received = new ConcurrentLinkedQueue<>();
    private final Map<UUID, ConcurrentLinkedQueue<String>> dispatchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final Thread thread;
    private final Instant createdAt = Instant.now();
    private volatile boolean running = true;

    public FakeWorker(String bootstrapServers, String dispatchTopic, String eventsTopic) {
        this.eventsTopic = eventsTopic;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new BatchEventSerde());
        this.rawProducer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, ItemDispatch> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-worker-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // as the real workers: dispatch records of an aborted (fenced) transaction never arrive
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ItemDispatchSerde());
        consumer.subscribe(List.of(dispatchTopic));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                        ItemDispatch dispatch = record.value();
                        if (dispatch.dispatchedAt() != null && dispatch.dispatchedAt().isBefore(createdAt)) {
                            // dispatched to an earlier test class's worker on the same topic
                            return;
                        }
                        received.add(dispatch);
                        Header dispatcher = record.headers().lastHeader(Headers.DISPATCHER);
                        dispatchers.computeIfAbsent(dispatch.batchId(), id -> new ConcurrentLinkedQueue<>())
                                .add(dispatcher == null ? "none" : new String(dispatcher.value(), StandardCharsets.UTF_8));
                        behaviours.getOrDefault(dispatch.batchId(), COMPLETE).on(dispatch, this);
                    });
                    producer.flush();
                }
            }
        }, "test-fake-worker");
        thread.setDaemon(true);
        thread.start();
    }

    public void behave(UUID batchId, Behaviour behaviour) {
        behaviours.put(batchId, behaviour);
    }

    public List<ItemDispatch> received(UUID batchId) {
        return received.stream().filter(d -> d.batchId().equals(batchId)).toList();
    }

    /** The {@code instance/epoch} of every dispatch record of the batch, in the order they came. */
    public List<String> dispatchers(UUID batchId) {
        return List.copyOf(dispatchers.getOrDefault(batchId, new ConcurrentLinkedQueue<>()));
    }

    public void send(BatchEvent... events) {
        for (BatchEvent event : events) {
            producer.send(new ProducerRecord<>(eventsTopic, event.batchId().toString(), event));
        }
    }

    public void sendLater(long delayMs, BatchEvent... events) {
        later(delayMs, () -> send(events));
    }

    /** Runs work (that usually sends events) after a delay, as a slow processor would. */
    public void later(long delayMs, Runnable work) {
        later.schedule(() -> {
            work.run();
            producer.flush();
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    public void sendRaw(String key, byte[] value) {
        rawProducer.send(new ProducerRecord<>(eventsTopic, key, value));
        rawProducer.flush();
    }

    public static ItemStarted started(ItemDispatch d) {
        return new ItemStarted(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                d.index(), d.attempt(), "fake-worker", d.label());
    }

    public static ItemCompleted completed(ItemDispatch d, String value) {
        return completed(d, d.attempt(), value);
    }

    public static ItemCompleted completed(ItemDispatch d, int attempt, String value) {
        return new ItemCompleted(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                d.index(), attempt, "fake-worker", d.label(), EventJson.mapper().createObjectNode().put("value", value),
                (double) d.index(), 1);
    }

    public static ItemFailed failed(ItemDispatch d, int attempt) {
        return new ItemFailed(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                d.index(), attempt, "fake-worker", d.label(),
                new ItemError("GENERATION_FAILED", "item " + d.index() + " failed", List.of("stem too short")),
                false, 1);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        later.shutdownNow();
        producer.close();
        rawProducer.close();
    }
}
