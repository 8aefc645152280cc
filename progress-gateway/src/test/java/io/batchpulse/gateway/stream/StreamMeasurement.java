package io.batchpulse.gateway.stream;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Measurements for the closing note, not assertions (not picked up by the default test run; run
 * with {@code -Dtest=StreamMeasurement}): event-to-client latency at ~1,000 items/s and heap per
 * idle connection.
 */
class StreamMeasurement extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void latencyAtAThousandItemsPerSecond() throws Exception {
        int items = 15_000;
        TestEvents batch = ProgressStreamIntegrationTests.running(items);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/batches/" + batch.key()
                + "/snapshot", Tokens.user("amara")).json().path("data").path("version").asLong() > 0);
        long wallAtStart = System.currentTimeMillis();
        long nanosAtStart = System.nanoTime();
        try (SseClient client = SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch),
                Tokens.user("amara"));
                KafkaProducer<String, BatchEvent> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(), new BatchEventSerde())) {
            client.awaitEvent("batch.progress");
            long start = System.nanoTime();
            for (int index = 0; index < items; index++) {
                // ~1,000 items/s: 10 items every 10 ms, each stamped when the "worker" publishes it
                long due = start + index * 1_000_000L;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                Instant now = Instant.now();
                UUID item = batch.item(index);
                producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), new ItemStarted(UUID.randomUUID(),
                        batch.batchId, now, SchemaVersion.CURRENT, item, index, 1, "w", "i" + index)));
                producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), new ItemCompleted(
                        UUID.randomUUID(), batch.batchId, now, SchemaVersion.CURRENT, item, index, 1, "w", "i" + index,
                        EventJson.mapper().createObjectNode(), null, 0)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> client.events().stream().anyMatch(
                    e -> e.name().equals("batch.progress") && e.json().path("completed").asLong() == items));
            long skipped = client.events("feed.gap").stream().mapToLong(e -> e.json().path("skipped").asLong()).sum();
            System.out.printf("MEASURE received %d item.completed, %d feed items skipped%n",
                    client.events("item.completed").size(), skipped);
            List<Long> itemLatency = new ArrayList<>();
            List<Long> snapshotLatency = new ArrayList<>();
            for (SseClient.Event event : client.events()) {
                long receivedMs = wallAtStart + (event.receivedNanos() - nanosAtStart) / 1_000_000;
                if (event.name().equals("item.completed")) {
                    itemLatency.add(receivedMs - Instant.parse(event.json().path("timestamp").asString()).toEpochMilli());
                } else if (event.name().equals("batch.progress") && event.json().path("completed").asLong() > 0) {
                    snapshotLatency.add(receivedMs
                            - Instant.parse(event.json().path("updatedAt").asString()).toEpochMilli());
                }
            }
            System.out.printf("MEASURE items=%d over %d ms%n", items, (System.nanoTime() - start) / 1_000_000);
            System.out.println("MEASURE item.completed latency ms " + percentiles(itemLatency));
            System.out.println("MEASURE batch.progress freshness ms " + percentiles(snapshotLatency)
                    + " (" + snapshotLatency.size() + " snapshots)");
        }
    }

    @Test
    void heapPerIdleConnection() throws Exception {
        int connections = 1_000;
        TestEvents batch = ProgressStreamIntegrationTests.running(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/batches/" + batch.key()
                + "/snapshot", Tokens.user("amara")).json().path("data").path("version").asLong() > 0);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            tokens.add(Tokens.admin("idle-" + i));
        }
        long before = usedHeapAfterGc();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String token : tokens) {
                // raw sockets: the client side costs next to nothing on this JVM's heap
                Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + ProgressStreamIntegrationTests.progressPath(batch) + " HTTP/1.1\r\nHost: x\r\n"
                        + "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(socket);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> meters.get("batchpulse.sse.connections").gauge().value() >= connections);
            long after = usedHeapAfterGc();
            System.out.printf("MEASURE %d idle streams: heap %d KB -> %d KB, %.1f KB per connection%n", connections,
                    before / 1024, after / 1024, (after - before) / 1024.0 / connections);
        } finally {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static String percentiles(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "n/a";
        }
        return "p50=" + sorted.get(sorted.size() / 2) + " p99=" + sorted.get((int) (sorted.size() * 0.99))
                + " max=" + sorted.get(sorted.size() - 1);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
