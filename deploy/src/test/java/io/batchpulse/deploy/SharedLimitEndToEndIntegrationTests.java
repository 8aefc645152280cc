package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared limits and Retry-After through the real services: http batches whose workers call a real
 * HTTP server of this test (JDK HttpServer, port 0), which counts the requests it holds at once and
 * notes when each arrived. The limits are configured in {@link E2eCluster}.
 */
class SharedLimitEndToEndIntegrationTests {

    private static Batches batches;

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger maxHolding = new AtomicInteger();
    private final List<Instant> arrivals = new ArrayList<>();
    private final List<Instant> throttledAt = new ArrayList<>();
    private HttpServer server;

    @BeforeAll
    static void cluster() {
        LocalCluster cluster = E2eCluster.get();
        batches = new Batches(cluster, ApiClient.as(cluster.gatewayUrl(), "lena"));
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(E2eCluster.HTTP_TARGET_HOST, 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/slow", exchange -> hold(exchange, 150, ex -> respond(ex, 200, "{\"score\":1}")));
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/busy-twice", exchange -> {
            arrived();
            if (calls.incrementAndGet() <= 2) {
                exchange.getResponseHeaders().set("Retry-After", "2");
                synchronized (throttledAt) {
                    throttledAt.add(Instant.now());
                }
                respond(exchange, 429, "{\"error\":\"rate limited\"}");
            } else {
                respond(exchange, 200, "{\"score\":2}");
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        answers.shutdownNow();
        serverThreads.shutdownNow();
    }

    @Test
    void twoBatchesSharingALimitNeverHaveMoreRequestsAtTheServerThanIt() {
        UUID first = batches.create(httpBatch("shared limit A", "/slow", 20, 10, 3, "e2e-shared"));
        UUID second = batches.create(httpBatch("shared limit B", "/slow", 20, 10, 3, "e2e-shared"));

        assertThat(batches.awaitStatus(first, "completed").path("completedItems").asLong()).isEqualTo(20);
        assertThat(batches.awaitStatus(second, "completed").path("completedItems").asLong()).isEqualTo(20);
        assertThat(maxHolding.get()).as("requests held at once (limit e2e-shared: 3)").isBetween(1, 3);
        synchronized (arrivals) {
            assertThat(arrivals).hasSizeGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void itemsThrottledByRetryAfterCompleteWithoutSpendingAttemptsAndNothingArrivesEarly() {
        // one attempt per item: a throttled call charged as an attempt would fail its item
        UUID batch = batches.create(httpBatch("retry after", "/busy-twice", 4, 4, 1, "e2e-throttled"));

        JsonNode done = batches.awaitStatus(batch, "completed");

        assertThat(done.path("completedItems").asLong()).isEqualTo(4);
        assertThat(done.path("failedItems").asLong()).isZero();
        List<Instant> requests;
        synchronized (arrivals) {
            requests = List.copyOf(arrivals);
        }
        assertThat(requests).hasSize(6);
        synchronized (throttledAt) {
            assertThat(throttledAt).hasSize(2);
            // the limit allows one request at a time and was pushed back by each 429 before the
            // next dispatch: no request may arrive within two seconds of a 429
            for (Instant answered : throttledAt) {
                assertThat(requests).filteredOn(at -> at.isAfter(answered))
                        .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(answered.plusSeconds(2)));
            }
        }
    }

    @Test
    void createNamingAnUnknownLimitOrPriorityIsRefused() {
        ObjectNode unknownLimit = httpBatch("no such limit", "/slow", 1, 1, 1, "no-such-limit");
        ObjectNode badPriority = httpBatch("bad priority", "/slow", 1, 1, 1, null);
        badPriority.put("priority", "urgent");

        ApiClient.Response limit = batches.api().createBatch(unknownLimit);
        ApiClient.Response priority = batches.api().createBatch(badPriority);

        assertThat(limit.status()).as(limit.body().toString()).isEqualTo(400);
        assertThat(limit.body().toString()).contains("no-such-limit");
        assertThat(priority.status()).as(priority.body().toString()).isEqualTo(400);
    }

    private ObjectNode httpBatch(String name, String path, int items, int maxInFlight, int maxAttempts,
            String limit) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("name", name).put("processor", "http");
        body.putObject("config").put("url", "http://" + E2eCluster.HTTP_TARGET_HOST + ":"
                + server.getAddress().getPort() + path);
        ObjectNode options = body.putObject("options").put("maxInFlight", maxInFlight).put("maxAttempts", maxAttempts)
                .put("itemTimeout", "PT1M");
        if (limit != null) {
            options.put("limit", limit);
        }
        ArrayNode list = body.putArray("items");
        for (int i = 0; i < items; i++) {
            list.addObject().put("label", name + " #" + i).putObject("payload").put("n", i);
        }
        return body;
    }

    /** Answers after a while from another thread, so the server holds many requests without a thread each. */
    private void hold(HttpExchange exchange, long millis, Consumer<HttpExchange> answer) {
        arrived();
        maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
        answers.schedule(() -> {
            holding.decrementAndGet();
            answer.accept(exchange);
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void arrived() {
        synchronized (arrivals) {
            arrivals.add(Instant.now());
        }
    }

    private void respond(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
