package io.batchpulse.gateway.support;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway on a real (embedded KRaft) broker with a fake orchestrator read API. Subclasses
 * share one application context, one topic prefix and one fake orchestrator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

    public static final String PREFIX = TestInfrastructure.uniquePrefix();
    public static final Topics TOPICS = new Topics(PREFIX);
    public static final FakeOrchestrator orchestrator = FakeOrchestrator.start();
    public static final String ALLOWED_ORIGIN = "https://ui.example.com";
    public static final Duration HEARTBEAT = Duration.ofMillis(700);
    public static final int MAX_STREAMS = 4;
    public static final Path UPLOADS = temporaryDirectory("gateway-uploads-");
    public static final Duration UPLOAD_EXPIRY = Duration.ofSeconds(8);
    /** A stalled chunk is cut this long after its last byte; far below the server's 60 s idle timeout. */
    public static final Duration UPLOAD_READ_TIMEOUT = Duration.ofSeconds(3);
    /** A chunk's whole body must arrive within this; a trickling sender is answered 408 after it. */
    public static final Duration UPLOAD_CHUNK_DEADLINE = Duration.ofSeconds(6);
    public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024;
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    public static final int MAX_FILE_ITEMS = 5_000;
    public static final int PROGRESS_CACHE_BYTES = 512 * 1024;

    @LocalServerPort
    protected int port;

    protected Api api;

    @DynamicPropertySource
    public static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", GatewayIntegrationTest::bootstrapServers);
        registry.add("gateway.topics.prefix", () -> PREFIX);
        registry.add("gateway.orchestrator.urls", orchestrator::url);
        registry.add("gateway.auth.hmac-secret", () -> Tokens.SECRET);
        registry.add("gateway.auth.audiences", () -> Tokens.AUDIENCE);
        // Short enough to keep the "no answer" test quick, long enough for a test to play the orchestrator.
        registry.add("gateway.commands.reply-timeout", () -> "4s");
        registry.add("gateway.limits.max-request-body", () -> "1MB");
        registry.add("gateway.cors.allowed-origins", () -> ALLOWED_ORIGIN);
        registry.add("gateway.progress.application-id", () -> PREFIX + "progress");
        // small enough that a few thousand item states would fill it (half per stream thread)
        registry.add("gateway.progress.cache-max-bytes", () -> PROGRESS_CACHE_BYTES + "B");
        registry.add("gateway.stream.heartbeat", () -> HEARTBEAT.toMillis() + "ms");
        registry.add("gateway.stream.max-streams-per-user", () -> MAX_STREAMS);
        // a viewer the slow-client test keeps unread must outlast the reading one's run on a busy machine
        registry.add("gateway.stream.slow-client-timeout", () -> "120s");
        registry.add("gateway.uploads.directory", UPLOADS::toString);
        registry.add("gateway.uploads.max-chunk-size", () -> MAX_CHUNK_BYTES + "B");
        registry.add("gateway.uploads.max-file-size", () -> MAX_FILE_BYTES + "B");
        registry.add("gateway.uploads.max-items", () -> MAX_FILE_ITEMS);
        registry.add("gateway.uploads.expire-after", () -> UPLOAD_EXPIRY.toMillis() + "ms");
        registry.add("gateway.uploads.sweep-interval", () -> "300ms");
        registry.add("gateway.uploads.read-timeout", () -> UPLOAD_READ_TIMEOUT.toMillis() + "ms");
        registry.add("gateway.uploads.chunk-deadline", () -> UPLOAD_CHUNK_DEADLINE.toMillis() + "ms");
        // several transactions even for a small test file
        registry.add("gateway.uploads.chunks-per-transaction", () -> 2);
        registry.add("gateway.uploads.seal-timeout", () -> "20s");
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String bootstrapServers() {
        return TestInfrastructure.broker().bootstrapServers();
    }

    /** Requests are only sent once the instance is ready, i.e. it can hear command outcomes. */
    @BeforeEach
    protected void awaitReadiness() {
        api = new Api(port);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/actuator/health/readiness", null).status() == 200);
    }

    protected CommandsProbe watchCommands(String isolation) {
        return new CommandsProbe(bootstrapServers(), TOPICS.batchCommands(), isolation);
    }

    /** Writes to batch-events as a broken or hostile producer would: any key, any bytes (null: a tombstone). */
    public static void publishRaw(String key, byte[] value) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPICS.batchEvents(), key, value));
        }
    }

    /** Plays the orchestrator's side of request/reply: publishes its answer on batch-events. */
    public static void publish(BatchEvent... events) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new BatchEventSerde())) {
            for (BatchEvent event : events) {
                producer.send(new ProducerRecord<>(TOPICS.batchEvents(), event.batchId().toString(), event));
            }
        }
    }
}
