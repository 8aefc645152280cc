package io.batchpulse.worker.processor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static io.batchpulse.worker.processor.http.HttpFixtures.respond;
import static io.batchpulse.worker.processor.http.HttpFixtures.work;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemWork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The http processor against a real HTTP server on the loopback interface. */
class HttpProcessorTests {

    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    private final AtomicReference<String> lastApiKey = new AtomicReference<>();
    private final CountDownLatch releaseSlowRequests = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private HttpServer server;
    private HttpProcessor processor;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/generate", exchange -> {
            lastRequest.set(EventJson.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            lastApiKey.set(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            respond(exchange, 200, "{\"score\":87.5,\"label\":\"NVDA tuned\",\"summary\":\"sharpe 1.9\"}");
        });
        server.createContext("/unavailable", exchange -> respond(exchange, 503, "{\"error\":\"overloaded\"}"));
        server.createContext("/busy", exchange -> respond(exchange, 429, "slow down"));
        server.createContext("/busy-for-2s", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "2");
            respond(exchange, 429, "slow down");
        });
        server.createContext("/down-until", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT");
            respond(exchange, 503, "maintenance");
        });
        server.createContext("/invalid", exchange -> respond(exchange, 422, "x".repeat(2_000)));
        server.createContext("/slow", exchange -> {
            try {
                releaseSlowRequests.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}");
        });
        server.start();
        // The test server is on loopback, which the processor refuses unless the allow-list names it.
        processor = new HttpProcessor(RestClient.builder(), HttpFixtures.properties(List.of("127.0.0.1")));
    }

    @AfterEach
    void stopServer() {
        releaseSlowRequests.countDown();
        processor.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void httpProcessorCompletesOn2xx() {
        UUID itemId = UUID.randomUUID();
        ItemWork work = work(itemId, "{\"url\":\"" + url("/generate") + "\",\"headers\":{\"X-Api-Key\":\"k-123\"}}");

        ItemOutcome outcome = processor.process(work);

        assertThat(outcome.score()).isEqualTo(87.5);
        assertThat(outcome.label()).isEqualTo("NVDA tuned");
        assertThat(outcome.result().get("summary").stringValue()).isEqualTo("sharpe 1.9");
        JsonNode request = lastRequest.get();
        assertThat(request.get("itemId").stringValue()).isEqualTo(itemId.toString());
        assertThat(request.get("batchId").stringValue()).isEqualTo(work.batchId().toString());
        assertThat(request.get("index").longValue()).isEqualTo(4);
        assertThat(request.get("attempt").intValue()).isEqualTo(2);
        assertThat(request.get("label").stringValue()).isEqualTo("NVDA");
        assertThat(request.get("payload").get("symbol").stringValue()).isEqualTo("NVDA");
        assertThat(lastApiKey.get()).isEqualTo("k-123");
    }

    @Test
    void httpProcessorRetriesOn5xxAndTimeout() {
        ItemProcessingException unavailable = failure("{\"url\":\"" + url("/unavailable") + "\"}");
        ItemProcessingException busy = failure("{\"url\":\"" + url("/busy") + "\"}");
        ItemProcessingException slow = failure("{\"url\":\"" + url("/slow") + "\",\"timeoutMs\":200}");

        assertThat(unavailable.code()).isEqualTo("HTTP_5XX");
        assertThat(unavailable.retryable()).isTrue();
        assertThat(unavailable.details()).singleElement().asString().contains("overloaded");
        assertThat(busy.code()).isEqualTo("HTTP_429");
        assertThat(busy.retryable()).isTrue();
        assertThat(slow.code()).isEqualTo("HTTP_TIMEOUT");
        assertThat(slow.retryable()).isTrue();
    }

    @Test
    void retryAfterOn429Or503ThrottlesTheItemUntilTheTimeItNames() {
        Instant before = Instant.now();
        ItemProcessingException busy = failure("{\"url\":\"" + url("/busy-for-2s") + "\"}");
        ItemProcessingException down = failure("{\"url\":\"" + url("/down-until") + "\"}");

        assertThat(busy.code()).isEqualTo("HTTP_429");
        assertThat(busy.throttledUntil()).isBetween(before.plusSeconds(2), Instant.now().plusSeconds(2));
        assertThat(down.code()).isEqualTo("HTTP_5XX");
        assertThat(down.throttledUntil()).as("cut to worker.http.max-retry-after")
                .isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
        assertThat(failure("{\"url\":\"" + url("/busy") + "\"}").throttledUntil()).isNull();
    }

    @Test
    void httpProcessorRetriesWhenTheEndpointIsUnreachable() {
        String url = url("/generate");
        server.stop(0);

        ItemProcessingException refused = failure("{\"url\":\"" + url + "\"}");

        assertThat(refused.code()).isEqualTo("HTTP_IO_ERROR");
        assertThat(refused.retryable()).isTrue();
    }

    @Test
    void httpProcessorFailsPermanentlyOn4xx() {
        ItemProcessingException invalid = failure("{\"url\":\"" + url("/invalid") + "\"}");

        assertThat(invalid.code()).isEqualTo("HTTP_4XX");
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.getMessage()).contains("422");
        assertThat(invalid.details()).singleElement().asString().startsWith("xxx").endsWith("...")
                .hasSize(HttpReply.MAX_DETAIL_CHARS);
    }

    @Test
    void httpProcessorRejectsNonHttpUrls() {
        for (String url : new String[] {"file:///etc/passwd", "ftp://example.org/x", "not a url", ""}) {
            ItemProcessingException rejected = failure("{\"url\":\"" + url + "\"}");

            assertThat(rejected.code()).as(url).isEqualTo("INVALID_CONFIG");
            assertThat(rejected.retryable()).isFalse();
        }
    }

    @Test
    void httpProcessorRefusesHeadersThatWouldRedirectOrSplitTheRequest() {
        for (String header : new String[] {"\"Host\":\"admin.internal\"", "\"transfer-encoding\":\"chunked\"",
                "\"Content-Length\":\"0\"", "\"X-Note\":\"a\\r\\nX-Injected: 1\"", "\"Bad Name\":\"x\""}) {
            ItemProcessingException rejected = failure("{\"url\":\"" + url("/generate") + "\",\"headers\":{" + header + "}}");

            assertThat(rejected.code()).as(header).isEqualTo("INVALID_CONFIG");
            assertThat(rejected.retryable()).isFalse();
        }
        assertThat(lastRequest.get()).as("requests that reached the server").isNull();
    }

    private ItemProcessingException failure(String config) {
        return catchThrowableOfType(ItemProcessingException.class,
                () -> processor.process(work(UUID.randomUUID(), config)));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
