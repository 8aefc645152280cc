package io.batchpulse.orchestrator.support;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.json.BatchEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads everything on batch-events in the background so tests can look at what was published. */
public final class EventLog implements AutoCloseable {

    private final ConcurrentLinkedQueue<BatchEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<UUID, String> typeHeaders = new ConcurrentHashMap<>();
    private final BatchEventSerde serde = new BatchEventSerde();
    private final Thread thread;
    private volatile boolean running = true;

    public EventLog(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-log-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                        try {
                            BatchEvent event = serde.deserialize(record.topic(), record.value());
                            Header type = record.headers().lastHeader(Headers.TYPE);
                            if (type != null && event.eventId() != null) {
                                typeHeaders.put(event.eventId(), new String(type.value(), StandardCharsets.UTF_8));
                            }
                            events.add(event);
                        } catch (SerializationException poison) {
                            // tests put poison records on the topic on purpose
                        }
                    });
                }
            }
        }, "test-event-log");
        thread.setDaemon(true);
        thread.start();
    }

    public List<BatchEvent> of(UUID batchId) {
        return events.stream().filter(e -> batchId.equals(e.batchId())).toList();
    }

    public <T extends BatchEvent> List<T> of(UUID batchId, Class<T> type) {
        return of(batchId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends BatchEvent> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The type header the event was published with, null if none. */
    public String typeHeader(BatchEvent event) {
        return typeHeaders.get(event.eventId());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
