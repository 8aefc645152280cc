package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline across real processes: gateway, orchestrator and two workers, each a JVM
 * started from its jar, on a real KRaft broker and a real PostgreSQL, driven through the public API.
 */
class PipelineEndToEndIntegrationTests {

    private static LocalCluster cluster;
    private static Batches batches;
    private static ApiClient api;

    @BeforeAll
    static void startCluster() {
        cluster = E2eCluster.get();
        api = ApiClient.as(cluster.gatewayUrl(), "alice");
        batches = new Batches(cluster, api);
    }

    @Test
    void fiveHundredItemsWithFivePercentFailuresEndCompletedWithErrors() throws SQLException {
        UUID batch = batches.create(Batches.body("five hundred", 500, 5, 0.05, 1, "PT1M"));

        JsonNode finished = batches.awaitStatus(batch, "completed_with_errors");
        long completed = finished.path("completedItems").asLong();
        long failed = finished.path("failedItems").asLong();
        assertThat(completed + failed).isEqualTo(500);
        assertThat(failed).isBetween(5L, 60L);

        assertThat(batches.itemCountsInDatabase(batch)).isEqualTo(Map.of("completed", completed, "failed", failed));

        List<BatchEvent> events = batches.events(batch);
        Set<UUID> completedItems = Batches.finalItems(events, ItemCompleted.class);
        Set<UUID> failedItems = Batches.finalItems(events, ItemFailed.class);
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
        // items of 250-750 ms, 32 at once on two workers: either always has started attempts in hand
        UUID batch = batches.create(Batches.body("worker dies", 300, 500, 0.0, 3, "PT5S"));
        batches.awaitCompletedAtLeast(batch, 40);

        ChildProcess worker = cluster.worker(0);
        worker.kill();
        try {
            JsonNode finished = batches.awaitStatus(batch, "completed");
            assertThat(finished.path("completedItems").asLong()).isEqualTo(300);
            assertThat(finished.path("failedItems").asLong()).isZero();
            assertThat(batches.itemCountsInDatabase(batch)).isEqualTo(Map.of("completed", 300L));
            List<BatchEvent> events = batches.events(batch);
            Set<String> held = HeldAttempts.of(worker.name(), events);
            assertThat(held).as("attempts the killed worker had started and sent no result of").isNotEmpty();
            assertThat(HeldAttempts.ranAgain(held, events)).as("held attempts whose item ran again").isEqualTo(held);
        } finally {
            cluster.restart(cluster.worker(0));
        }
    }

    @Test
    void orchestratorCrashedMidBatchFinishesWithExactCounts() throws SQLException {
        UUID batch = batches.create(Batches.body("orchestrator dies", 400, 20, 0.0, 3, "PT10S"));
        batches.awaitCompletedAtLeast(batch, 50);

        cluster.orchestrator().kill();
        cluster.restart(cluster.orchestrator());

        JsonNode finished = batches.awaitStatus(batch, "completed");
        assertThat(finished.path("completedItems").asLong()).isEqualTo(400);
        assertThat(batches.itemCountsInDatabase(batch)).isEqualTo(Map.of("completed", 400L));
        List<BatchEvent> events = batches.events(batch);
        assertThat(Batches.finalItems(events, ItemCompleted.class)).hasSize(400);
    }

    @Test
    void smallBatchStartedWithHugeOneFinishesFirst() {
        UUID huge = batches.create(Batches.body("huge", 5_000, 2, 0.0, 1, "PT1M"));
        UUID small = batches.create(Batches.body("small", 20, 2, 0.0, 1, "PT1M"));

        JsonNode smallDone = batches.awaitStatus(small, "completed");
        JsonNode hugeDone = batches.awaitStatus(huge, "completed");

        assertThat(Instant.parse(smallDone.path("finishedAt").asString()))
                .isBefore(Instant.parse(hugeDone.path("finishedAt").asString()));
        assertThat(hugeDone.path("completedItems").asLong()).isEqualTo(5_000);
    }
}
