package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.json.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole pipeline across real processes: gateway, orchestrator and two workers, each a JVM
 * started from its jar, on a real KRaft broker and a real PostgreSQL, driven through the public API.
 */
class PipelineEndToEndIntegrationTests {

    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(3);

    private static LocalCluster cluster;
    private static ApiClient api;
    private static Topics topics;

    @BeforeAll
    static void startCluster() throws Exception {
        int base = FreePorts.block(6);
        // kept under target/ so the services' logs can be read after a failure
        Path dataDir = Files.createDirectories(Path.of("target", "e2e-" + System.currentTimeMillis()))
                .toAbsolutePath();
        LaunchOptions options = new LaunchOptions(Path.of("..").toAbsolutePath().normalize(), base, 2, false,
                dataDir, true, FreePorts.block(2), FreePorts.block(1));
        topics = new Topics("e2e" + UUID.randomUUID().toString().substring(0, 6) + ".");
        cluster = new LocalCluster(options, topics.prefix()).start();
        api = ApiClient.as(cluster.gatewayUrl(), "alice");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiveHundredItemsWithFivePercentFailuresEndCompletedWithErrors() throws SQLException {
        UUID batch = create(batchBody("five hundred", 500, 5, 0.05, 1, "PT1M"));

        JsonNode finished = awaitStatus(batch, "completed_with_errors");
        long completed = finished.path("completedItems").asLong();
        long failed = finished.path("failedItems").asLong();
        assertThat(completed + failed).isEqualTo(500);
        assertThat(failed).isBetween(5L, 60L);

        assertThat(itemCountsInDatabase(batch)).isEqualTo(Map.of("completed", completed, "failed", failed));

        List<BatchEvent> events = BatchEventLog.eventsOf(cluster.bootstrapServers(), topics.batchEvents(), batch);
        Set<UUID> completedItems = finalItems(events, ItemCompleted.class);
        Set<UUID> failedItems = finalItems(events, ItemFailed.class);
        assertThat(completedItems).hasSize((int) completed).doesNotContainAnyElementsOf(failedItems);
        assertThat(failedItems).hasSize((int) failed);
        assertThat(events).filteredOn(BatchCompleted.class::isInstance).isNotEmpty()
                .allSatisfy(event -> assertThat(((BatchCompleted) event).completed()).isEqualTo(completed));

        JsonNode failedPage = api.get("/api/v1/batches/" + batch + "/items?status=failed&size=100").data();
        assertThat(failedPage.path("content")).hasSize((int) failed);
        failedPage.path("content").forEach(item -> {
            assertThat(item.path("status").asString()).isEqualTo("failed");
            assertThat(item.path("error").path("code").asString()).isNotBlank();
            assertThat(item.path("error").path("message").asString()).isNotBlank();
            assertThat(item.path("error").path("details")).isNotEmpty();
        });
    }

    @Test
    void workerKilledMidBatchLosesNoItemAndCountsNoneTwice() throws SQLException {
        UUID batch = create(batchBody("worker dies", 300, 80, 0.0, 3, "PT5S"));
        awaitCompletedAtLeast(batch, 40);

        cluster.worker(0).kill();
        try {
            JsonNode finished = awaitStatus(batch, "completed");
            assertThat(finished.path("completedItems").asLong()).isEqualTo(300);
            assertThat(finished.path("failedItems").asLong()).isZero();
            assertThat(itemCountsInDatabase(batch)).isEqualTo(Map.of("completed", 300L));
            assertThat(maxAttemptInDatabase(batch)).as("items in the dead worker's hands ran again").isGreaterThan(1);
        } finally {
            cluster.restart(cluster.worker(0));
        }
    }

    @Test
    void orchestratorCrashedMidBatchFinishesWithExactCounts() throws SQLException {
        UUID batch = create(batchBody("orchestrator dies", 400, 20, 0.0, 3, "PT10S"));
        awaitCompletedAtLeast(batch, 50);

        cluster.orchestrator().kill();
        cluster.restart(cluster.orchestrator());

        JsonNode finished = awaitStatus(batch, "completed");
        assertThat(finished.path("completedItems").asLong()).isEqualTo(400);
        assertThat(itemCountsInDatabase(batch)).isEqualTo(Map.of("completed", 400L));
        List<BatchEvent> events = BatchEventLog.eventsOf(cluster.bootstrapServers(), topics.batchEvents(), batch);
        assertThat(finalItems(events, ItemCompleted.class)).hasSize(400);
    }

    @Test
    void smallBatchStartedWithHugeOneFinishesFirst() {
        UUID huge = create(batchBody("huge", 5_000, 2, 0.0, 1, "PT1M"));
        UUID small = create(batchBody("small", 20, 2, 0.0, 1, "PT1M"));

        JsonNode smallDone = awaitStatus(small, "completed");
        JsonNode hugeDone = awaitStatus(huge, "completed");

        assertThat(Instant.parse(smallDone.path("finishedAt").asString()))
                .isBefore(Instant.parse(hugeDone.path("finishedAt").asString()));
        assertThat(hugeDone.path("completedItems").asLong()).isEqualTo(5_000);
    }

    private static ObjectNode batchBody(String name, int items, int latencyMs, double failureRate, int maxAttempts,
            String itemTimeout) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", name);
        body.put("processor", "simulated");
        body.putObject("config").put("latencyMs", latencyMs).put("latencyJitterMs", latencyMs / 2)
                .put("failureRate", failureRate).put("seed", 42);
        body.putObject("options").put("maxInFlight", 32).put("maxAttempts", maxAttempts)
                .put("itemTimeout", itemTimeout);
        ArrayNode list = body.putArray("items");
        for (int i = 0; i < items; i++) {
            list.addObject().put("label", name + " #" + i).putObject("payload").put("n", i);
        }
        return body;
    }

    private static UUID create(JsonNode body) {
        ApiClient.Response response = api.createBatch(body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return UUID.fromString(response.data().path("id").asString());
    }

    private static JsonNode awaitStatus(UUID batch, String status) {
        try {
            return await().atMost(BATCH_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.batch(batch), view -> status.equals(view.path("status").asString()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            JsonNode failed = api.get("/api/v1/batches/" + batch + "/items?status=failed&size=5").data();
            throw new AssertionError("Batch " + batch + " did not reach " + status + "; counts "
                    + countsOf(api.batch(batch)) + "; failed items: " + failed.path("content"), e);
        }
    }

    private static String countsOf(JsonNode view) {
        return view.path("status").asString() + " completed=" + view.path("completedItems") + " failed="
                + view.path("failedItems") + " pending=" + view.path("pendingItems") + " inProgress="
                + view.path("inProgressItems");
    }

    private static void awaitCompletedAtLeast(UUID batch, int completed) {
        await().atMost(BATCH_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> api.batch(batch).path("completedItems").asLong() >= completed);
    }

    /** Items whose latest event of the given final type exists, each counted once however often it was sent. */
    private static Set<UUID> finalItems(List<BatchEvent> events, Class<? extends ItemEvent> type) {
        Map<UUID, ItemEvent> latestFinal = new HashMap<>();
        events.stream()
                .filter(event -> event instanceof ItemCompleted || event instanceof ItemFailed)
                .map(ItemEvent.class::cast)
                .forEach(event -> latestFinal.merge(event.itemId(), event,
                        (old, next) -> next.attempt() >= old.attempt() ? next : old));
        return latestFinal.values().stream().filter(type::isInstance).map(ItemEvent::itemId)
                .collect(Collectors.toSet());
    }

    private static Map<String, Long> itemCountsInDatabase(UUID batch) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = database();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status, count(*) FROM batch_items WHERE batch_id = ? GROUP BY status")) {
            query.setObject(1, batch);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    private static int maxAttemptInDatabase(UUID batch) throws SQLException {
        try (Connection connection = database();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT max(attempt) FROM batch_items WHERE batch_id = ?")) {
            query.setObject(1, batch);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
    }
}
