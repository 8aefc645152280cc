package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.command.ResumeBatch;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.model.Requester;
import io.batchpulse.testsupport.sse.SseClient;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pause, resume, cancel and retry-failed across the real services: the HTTP answer is the
 * orchestrator's decision, commands also work when a tool writes them straight to the topic,
 * and a paused batch stays paused while every service restarts.
 */
class BatchControlsEndToEndIntegrationTests {

    private static final Duration QUIET = Duration.ofSeconds(3);

    private static LocalCluster cluster;
    private static Batches batches;
    private static ApiClient api;

    @BeforeAll
    static void startCluster() {
        cluster = E2eCluster.get();
        api = ApiClient.as(cluster.gatewayUrl(), "carol");
        batches = new Batches(cluster, api);
    }

    @Test
    void pauseStopsNewItemsUntilResumeAndEveryItemRunsExactlyOnce() {
        UUID batch = batches.create(slow("pause and resume", 300, 30, 8));
        batches.awaitCompletedAtLeast(batch, 20);

        ApiClient.Response paused = api.control(batch, "pause");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.data().path("previousStatus").asString()).isEqualTo("running");
        assertThat(paused.data().path("newStatus").asString()).isEqualTo("paused");
        assertThat(paused.data().path("action").asString()).isEqualTo("pause");
        assertThat(paused.data().path("batchId").asString()).isEqualTo(batch.toString());
        assertThat(paused.data().path("timestamp").asString()).isNotBlank();
        batches.await(batch, "in-flight items settled", view -> view.path("inProgressItems").asLong() == 0);

        long startedWhenSettled = count(batch, ItemStarted.class);
        await().during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> count(batch, ItemStarted.class) == startedWhenSettled);
        assertThat(api.batch(batch).path("status").asString()).isEqualTo("paused");

        assertThat(api.control(batch, "resume").data().path("newStatus").asString()).isEqualTo("running");
        JsonNode finished = batches.awaitStatus(batch, "completed");

        assertThat(finished.path("completedItems").asLong()).isEqualTo(300);
        List<BatchEvent> events = batches.events(batch);
        assertThat(Batches.finalItems(events, ItemCompleted.class)).hasSize(300);
        assertThat(events).filteredOn(ItemDispatched.class::isInstance).hasSize(300);
    }

    @Test
    void pausedBatchStaysPausedWhileOrchestratorAndWorkersRestart() {
        UUID batch = batches.create(slow("paused across restart", 200, 30, 8));
        batches.awaitCompletedAtLeast(batch, 10);
        assertThat(api.control(batch, "pause").status()).isEqualTo(200);
        batches.await(batch, "in-flight items settled", view -> view.path("inProgressItems").asLong() == 0);

        List<ChildProcess> services = List.of(cluster.orchestrator(), cluster.worker(0), cluster.worker(1));
        services.forEach(service -> service.stop(Duration.ofSeconds(30)));
        services.forEach(cluster::restart);

        long dispatched = count(batch, ItemDispatched.class);
        await().during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> count(batch, ItemDispatched.class) == dispatched);
        assertThat(api.batch(batch).path("status").asString()).isEqualTo("paused");

        assertThat(api.control(batch, "resume").status()).isEqualTo(200);
        assertThat(batches.awaitStatus(batch, "completed").path("completedItems").asLong()).isEqualTo(200);
    }

    @Test
    void cancelKeepsCompletedItemsAndTheirResultsAndCancelsWhatIsPending() throws SQLException {
        UUID running = batches.create(slow("cancel running", 300, 30, 8));
        UUID paused = batches.create(slow("cancel paused", 300, 30, 8));
        batches.awaitCompletedAtLeast(running, 15);
        batches.awaitCompletedAtLeast(paused, 15);
        assertThat(api.control(paused, "pause").status()).isEqualTo(200);

        for (UUID batch : List.of(running, paused)) {
            ApiClient.Response cancelled = api.control(batch, "cancel");
            assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);
            assertThat(cancelled.data().path("newStatus").asString()).isEqualTo("cancelled");

            JsonNode done = batches.await(batch, "cancelled and settled",
                    view -> "cancelled".equals(view.path("status").asString())
                            && view.path("inProgressItems").asLong() == 0);
            long completed = done.path("completedItems").asLong();
            long cancelledItems = done.path("cancelledItems").asLong();
            assertThat(completed).isGreaterThanOrEqualTo(15);
            assertThat(cancelledItems).isPositive();
            assertThat(completed + cancelledItems + done.path("failedItems").asLong()).isEqualTo(300);
            assertThat(done.path("pendingItems").asLong()).isZero();
            Map<String, Long> rows = batches.itemCountsInDatabase(batch);
            assertThat(rows.get("completed")).isEqualTo(completed);
            assertThat(rows.get("cancelled")).isEqualTo(cancelledItems);
            JsonNode kept = api.get("/api/v1/batches/" + batch + "/items?status=completed&size=200").data();
            kept.path("content").forEach(item -> assertThat(item.path("result").isObject()).isTrue());
        }
    }

    @Test
    void invalidTransitionsAnswer409WithTheCurrentStatusAndChangeNothing() {
        UUID running = batches.create(slow("transitions", 200, 30, 4));
        assertRefused(running, "resume", "running");
        assertRefused(running, "retry-failed", "running");

        assertThat(api.control(running, "pause").status()).isEqualTo(200);
        assertRefused(running, "pause", "paused");
        assertRefused(running, "retry-failed", "paused");

        assertThat(api.control(running, "cancel").status()).isEqualTo(200);
        for (String action : List.of("pause", "resume", "cancel", "retry-failed")) {
            assertRefused(running, action, "cancelled");
        }

        UUID completed = batches.create(Batches.body("finished", 5, 1, 0.0, 1, "PT1M"));
        batches.awaitStatus(completed, "completed");
        for (String action : List.of("pause", "resume", "cancel", "retry-failed")) {
            assertRefused(completed, action, "completed");
        }
    }

    @Test
    void retryFailedRunsTheFailedItemsAgain() {
        UUID batch = batches.create(Batches.body("retry failed", 100, 1, 0.3, 1, "PT1M"));
        JsonNode first = batches.awaitStatus(batch, "completed_with_errors");
        long failedBefore = first.path("failedItems").asLong();
        assertThat(failedBefore).isPositive();

        ApiClient.Response retried = api.control(batch, "retry-failed");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.data().path("previousStatus").asString()).isEqualTo("completed_with_errors");
        assertThat(retried.data().path("newStatus").asString()).isEqualTo("running");

        JsonNode second = batches.await(batch, "finished again",
                view -> view.path("status").asString().startsWith("completed")
                        && view.path("finishedAt").asString().compareTo(first.path("finishedAt").asString()) > 0);
        assertThat(second.path("failedItems").asLong()).isLessThan(failedBefore);
        assertThat(second.path("completedItems").asLong() + second.path("failedItems").asLong()).isEqualTo(100);
    }

    @Test
    void failurePolicyPausesOrFailsABatchThatFailsHalfItsItems() {
        ObjectNode pausing = Batches.body("half fail, pause", 200, 5, 0.5, 1, "PT1M");
        ((ObjectNode) pausing.path("options")).putObject("failurePolicy").put("maxFailureRatio", 0.2)
                .put("minFinished", 10).put("action", "pause");
        UUID paused = batches.create(pausing);
        JsonNode pausedView = batches.awaitStatus(paused, "paused");
        assertThat(pausedView.path("statusReason").asString()).isEqualTo("FAILURE_THRESHOLD");
        assertThat(batches.events(paused)).filteredOn(BatchPaused.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((BatchPaused) event).reason()).isEqualTo("FAILURE_THRESHOLD"));

        ObjectNode failing = Batches.body("half fail, fail", 200, 5, 0.5, 1, "PT1M");
        ((ObjectNode) failing.path("options")).putObject("failurePolicy").put("maxFailureRatio", 0.2)
                .put("minFinished", 10).put("action", "fail");
        UUID failed = batches.create(failing);
        assertThat(batches.awaitStatus(failed, "failed").path("statusReason").asString())
                .isEqualTo("FAILURE_THRESHOLD");
    }

    @Test
    void deadlineFailsASlowBatchWithTimeoutAndCancelsWhatIsPending() {
        ObjectNode slow = slow("deadline", 100, 400, 2);
        ((ObjectNode) slow.path("options")).put("deadline", "PT3S");
        UUID batch = batches.create(slow);

        JsonNode failed = batches.await(batch, "failed and settled",
                view -> "failed".equals(view.path("status").asString()) && view.path("inProgressItems").asLong() == 0);
        assertThat(failed.path("statusReason").asString()).isEqualTo("TIMEOUT");
        assertThat(failed.path("cancelledItems").asLong()).isPositive();
        assertThat(failed.path("completedItems").asLong() + failed.path("failedItems").asLong()
                + failed.path("cancelledItems").asLong()).isEqualTo(100);
    }

    @Test
    void commandWrittenStraightToTheTopicWorksAndItsDuplicateHasOneEffect() {
        UUID batch = batches.create(slow("external tool", 200, 30, 8));
        batches.awaitCompletedAtLeast(batch, 5);
        PauseBatch pause = new PauseBatch(UUID.randomUUID(), batch, Instant.now(), SchemaVersion.CURRENT,
                new Requester("carol", false));

        try (KafkaProducer<String, BatchCommand> producer = commandProducer()) {
            producer.send(new ProducerRecord<>(E2eCluster.topics().batchCommands(), batch.toString(), pause));
            producer.send(new ProducerRecord<>(E2eCluster.topics().batchCommands(), batch.toString(), pause));
            producer.flush();

            batches.awaitStatus(batch, "paused");
            producer.send(new ProducerRecord<>(E2eCluster.topics().batchCommands(), batch.toString(),
                    new ResumeBatch(UUID.randomUUID(), batch, Instant.now(), SchemaVersion.CURRENT,
                            new Requester("carol", false))));
            producer.flush();
        }

        batches.awaitStatus(batch, "completed");
        List<BatchEvent> events = batches.events(batch);
        assertThat(events).filteredOn(BatchPaused.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((BatchPaused) event).commandId()).isEqualTo(pause.commandId()));
        assertThat(events).filteredOn(BatchResumed.class::isInstance).hasSize(1);
    }

    @Test
    void everyControlChangeReachesStreamViewersAsItsEventAndInTheNextSnapshot() throws Exception {
        UUID batch = batches.create(slow("watched controls", 300, 30, 4));
        try (SseClient viewer = SseClient.open(cluster.gatewayUrl().resolve("/api/v1/batches/" + batch + "/progress"),
                api.token())) {
            await().atMost(Batches.BATCH_TIMEOUT).until(() -> !viewer.events("batch.progress").isEmpty());
            batches.awaitCompletedAtLeast(batch, 5);

            assertThat(api.control(batch, "pause").status()).isEqualTo(200);
            awaitEventThenSnapshot(viewer, "batch.paused", "paused");
            assertThat(api.control(batch, "resume").status()).isEqualTo(200);
            awaitEventThenSnapshot(viewer, "batch.resumed", "running");
            assertThat(api.control(batch, "cancel").status()).isEqualTo(200);
            awaitEventThenSnapshot(viewer, "batch.cancelled", "cancelled");

            await().atMost(Batches.BATCH_TIMEOUT).until(() -> !viewer.events("batch.complete").isEmpty());
            assertThat(viewer.status()).isEqualTo(200);
            assertThat(viewer.events("batch.complete").get(0).json().path("status").asString()).isEqualTo("cancelled");
        }
    }

    @Test
    void controlsOfSomeoneElsesOrAnUnknownBatchAreRefused() {
        UUID batch = batches.create(slow("carol's", 50, 30, 4));
        ApiClient mallory = ApiClient.as(cluster.gatewayUrl(), "mallory");

        // one answer for "not yours" and "not there"
        ApiClient.Response foreign = mallory.control(batch, "cancel");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().path("error").path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(api.control(UUID.randomUUID(), "pause").status()).isEqualTo(404);
        assertThat(batches.awaitStatus(batch, "completed").path("cancelledItems").asLong()).isZero();
    }

    private static ObjectNode slow(String name, int items, int latencyMs, int maxInFlight) {
        ObjectNode body = Batches.body(name, items, latencyMs, 0.0, 3, "PT1M");
        ((ObjectNode) body.path("options")).put("maxInFlight", maxInFlight);
        return body;
    }

    private static void assertRefused(UUID batch, String action, String currentStatus) {
        JsonNode before = api.batch(batch);
        ApiClient.Response refused = api.control(batch, action);
        assertThat(refused.status()).as(action + " on " + currentStatus).isEqualTo(409);
        JsonNode error = refused.body().path("error");
        assertThat(error.path("code").asString()).isEqualTo("INVALID_TRANSITION");
        assertThat(error.path("details").toString()).contains(currentStatus);
        assertThat(api.batch(batch).path("status").asString()).isEqualTo(before.path("status").asString());
    }

    /** The control's own event arrives, and a later snapshot shows the new status. */
    private static void awaitEventThenSnapshot(SseClient viewer, String event, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<SseClient.Event> seen = viewer.events();
            int at = -1;
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i).name().equals(event)) {
                    at = i;
                }
            }
            return at >= 0 && seen.subList(at, seen.size()).stream().anyMatch(next -> next.name()
                    .equals("batch.progress") && status.equals(next.json().path("status").asString()));
        });
    }

    private static long count(UUID batch, Class<? extends BatchEvent> type) {
        return batches.events(batch).stream().filter(type::isInstance).count();
    }

    private static KafkaProducer<String, BatchCommand> commandProducer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new BatchCommandSerde());
    }
}
