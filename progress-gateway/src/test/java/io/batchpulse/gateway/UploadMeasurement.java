package io.batchpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.json.BatchCommandSerde;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Measurements for the closing note, not assertions (not part of the default test run; run with
 * {@code -Dtest=UploadMeasurement}): a 1,000,000-line JSONL file (~150 MB) uploaded in 50 MB chunks
 * over loopback, checked (pass 1) and fed to batch-commands (pass 2), with this JVM's heap sampled
 * while the gateway parses. The test plays the orchestrator's answers; PostgreSQL is not involved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadMeasurement {

    private static final int LINES = 1_000_000;
    private static final int CHUNK = 50 * 1024 * 1024;

    @TempDir
    Path work;

    @LocalServerPort
    int port;

    /** The integration tests' settings, with room for a large file (a context of its own). */
    @DynamicPropertySource
    static void largeUploads(DynamicPropertyRegistry registry) {
        GatewayIntegrationTest.gatewayProperties(registry);
        registry.add("gateway.uploads.max-chunk-size", () -> "50MB");
        registry.add("gateway.uploads.max-file-size", () -> "1GB");
        registry.add("gateway.uploads.max-items", () -> 10_000_000);
        registry.add("gateway.uploads.expire-after", () -> "1h");
        registry.add("gateway.uploads.chunks-per-transaction", () -> 50);
        registry.add("gateway.commands.reply-timeout", () -> "60s");
    }

    @Test
    void aMillionLineFile() throws Exception {
        Api api = new Api(port);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/actuator/health/readiness", null).status() == 200);
        Path file = generate(work.resolve("items.jsonl"));
        long size = Files.size(file);
        UploadClient client = new UploadClient(api, port, Tokens.user("alice"));
        Api.Response declared = client.declare("items.jsonl", size, "jsonl", null);
        assertThat(declared.status()).as(declared.text()).isEqualTo(201);
        String id = declared.json().path("data").path("id").asString();

        long uploadStart = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            for (long offset = 0; offset < size; offset += CHUNK) {
                assertThat(client.patch(id, offset, in.readNBytes(CHUNK)).status()).isEqualTo(204);
            }
        }
        double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
        print("upload of %,d bytes in %d chunks: %.1f s, %.1f MB/s", size, (size + CHUNK - 1) / CHUNK, uploadSeconds,
                size / 1e6 / uploadSeconds);

        HeapSampler heap = HeapSampler.start();
        try (KafkaConsumer<String, byte[]> commands = commandsFromNow()) {
            long passStart = System.nanoTime();
            CompletableFuture<Api.Response> answer = api.postAsync(UploadClient.path(id) + "/batch",
                    Tokens.user("alice"), "{\"processor\":\"simulated\"}");
            CreateBatch create = (CreateBatch) next(commands, CreateBatch.TYPE);
            double pass1 = (System.nanoTime() - passStart) / 1e9;
            print("pass 1 (parse, check, hash): %.1f s, %,.0f items/s", pass1, LINES / pass1);
            GatewayIntegrationTest.orchestrator.put(create.batchId(), "alice", LINES);
            GatewayIntegrationTest.publish(new BatchCreated(UUID.randomUUID(), create.batchId(), Instant.now(), SchemaVersion.CURRENT,
                    create.commandId(), create.name(), "alice", create.processor(), create.config(),
                    create.options(), create.source()));
            assertThat(answer.get(60, TimeUnit.SECONDS).status()).isEqualTo(201);
            long feedStart = System.nanoTime();
            SealBatch seal = (SealBatch) next(commands, SealBatch.TYPE);
            double feed = (System.nanoTime() - feedStart) / 1e9;
            print("pass 2 (parse, chunk, write to batch-commands): %.1f s, %,.0f items/s", feed, LINES / feed);
            assertThat(seal.total()).isEqualTo(LINES);
            GatewayIntegrationTest.publish(new BatchStarted(UUID.randomUUID(), seal.batchId(), Instant.now(), SchemaVersion.CURRENT,
                    seal.commandId(), seal.total()));
        }
        heap.stop();
        print("heap of the test JVM (gateway + test client) while parsing and feeding: baseline %d MB after GC, "
                + "peak live (heap left after a collection) %d MB, peak used incl. garbage %d MB, after GC at the "
                + "end %d MB", heap.baselineMb, heap.peakLiveMb(), heap.peakMb(), heap.afterGcMb());
    }

    private static Path generate(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < LINES; i++) {
                out.write(("{\"label\":\"sheet " + i + "\",\"payload\":{\"sheet\":" + i
                        + ",\"student\":\"S" + (100_000 + i) + "\",\"answers\":\"ABCDABCDABCDABCDABCDABCDABCDABCD\","
                        + "\"scanner\":\"omr-3\"}}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    private static KafkaConsumer<String, byte[]> commandsFromNow() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, GatewayIntegrationTest.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(GatewayIntegrationTest.TOPICS.batchCommands()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The next command of a type, reading only headers of the others (the appends are ~150 MB). */
    private static BatchCommand next(KafkaConsumer<String, byte[]> consumer, String type) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Header header = record.headers().lastHeader(Headers.TYPE);
                if (header != null && type.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                    return new BatchCommandSerde().deserialize(record.topic(), record.value());
                }
            }
        }
        throw new AssertionError("no " + type + " command within 10 minutes");
    }

    private static void print(String format, Object... args) {
        System.out.println("MEASURE " + String.format(format, args));
    }

    /**
     * Samples used heap every 20 ms, and what each collection left (the live set plus what the
     * collector has not got to), which is what "flat" is about: used heap also counts garbage.
     */
    private static final class HeapSampler {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();
        private long baselineMb;

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            System.gc();
            sampler.baselineMb = used() >> 20;
            sampler.timer.scheduleAtFixedRate(() -> {
                sampler.peak.accumulateAndGet(used(), Math::max);
                sampler.peakLive.accumulateAndGet(afterLastCollection(), Math::max);
            }, 0, 20, TimeUnit.MILLISECONDS);
            return sampler;
        }

        void stop() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }

        long peakMb() {
            return peak.get() >> 20;
        }

        long peakLiveMb() {
            return peakLive.get() >> 20;
        }

        private static long afterLastCollection() {
            long sum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    sum += pool.getCollectionUsage().getUsed();
                }
            }
            return sum;
        }

        long afterGcMb() {
            System.gc();
            return used() >> 20;
        }

        private static long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
