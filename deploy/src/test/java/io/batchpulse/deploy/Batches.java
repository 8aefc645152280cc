package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.EventJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Creating and watching batches on the shared cluster, through the API, the topic and the database. */
final class Batches {

    static final Duration BATCH_TIMEOUT = Duration.ofMinutes(3);

    private final LocalCluster cluster;
    private final ApiClient api;

    Batches(LocalCluster cluster, ApiClient api) {
        this.cluster = cluster;
        this.api = api;
    }

    ApiClient api() {
        return api;
    }

    /** A simulated batch; {@code options} may add or override flow options. */
    static ObjectNode body(String name, int items, int latencyMs, double failureRate, int maxAttempts,
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

    /**
     * The batch a create named: 201's id, or the id a 503 "submitted but not confirmed in time; look
     * it up later" gives when its orchestrator did not answer in time (the command is on the topic).
     */
    static UUID submitted(ApiClient.Response created) {
        assertThat(created.status()).as("a create's answer: %s", created.body()).isIn(201, 503);
        String id = created.status() == 201 ? created.data().path("id").asString()
                : created.body().path("error").path("details").valueStream().map(JsonNode::asString)
                        .filter(detail -> detail.startsWith("batchId: ")).map(detail -> detail.substring(9)).findFirst()
                        .orElseThrow(() -> new AssertionError("a 503 create without the batch's id: " + created.body()));
        return UUID.fromString(id);
    }

    UUID create(JsonNode body) {
        ApiClient.Response response = api.createBatch(body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return UUID.fromString(response.data().path("id").asString());
    }

    JsonNode awaitStatus(UUID batch, String status) {
        return await(batch, "status " + status, view -> status.equals(view.path("status").asString()));
    }

    JsonNode awaitCompletedAtLeast(UUID batch, int completed) {
        return await(batch, completed + " completed", view -> view.path("completedItems").asLong() >= completed);
    }

    JsonNode await(UUID batch, String what, Predicate<JsonNode> condition) {
        try {
            return org.awaitility.Awaitility.await().atMost(BATCH_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.batch(batch), condition::test);
        } catch (ConditionTimeoutException e) {
            JsonNode failed = api.get("/api/v1/batches/" + batch + "/items?status=failed&size=5").data();
            throw new AssertionError("Batch " + batch + " did not reach " + what + "; now " + counts(api.batch(batch))
                    + "; failed items: " + failed.path("content"), e);
        }
    }

    static String counts(JsonNode view) {
        return view.path("status").asString() + " completed=" + view.path("completedItems") + " failed="
                + view.path("failedItems") + " cancelled=" + view.path("cancelledItems") + " pending="
                + view.path("pendingItems") + " inProgress=" + view.path("inProgressItems");
    }

    List<BatchEvent> events(UUID batch) {
        return BatchEventLog.eventsOf(cluster.bootstrapServers(), new Topics(cluster.topicPrefix()).batchEvents(), batch);
    }

    List<BatchEventLog.Logged> logged(UUID batch) {
        return BatchEventLog.loggedOf(cluster.bootstrapServers(), new Topics(cluster.topicPrefix()).batchEvents(), batch);
    }

    /** Rows the orchestrator has still to publish; 0 once it has caught up. */
    long outboxBacklog() throws SQLException {
        try (Connection connection = database();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM outbox");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Items whose outcome ({@link Invariants#outcomes}) is an event of the given type, each counted once. */
    static Set<UUID> finalItems(List<BatchEvent> events, Class<? extends ItemEvent> type) {
        return Invariants.outcomes(events).values().stream().filter(type::isInstance).map(ItemEvent::itemId)
                .collect(Collectors.toSet());
    }

    Map<String, Long> itemCountsInDatabase(UUID batch) throws SQLException {
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

    private Connection database() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
    }
}
