package io.batchpulse.orchestrator.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.SlicedBatches;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cancel and retry-failed of large batches answer before their items have all moved: slices of
 * 200 items make the moving take seconds, and the answer must not wait for it. Then every item
 * moves, the counters match the item rows exactly and the batch ends as the status machine says.
 * The batches are arranged in SQL (the create and seal go through Kafka); every check reads the
 * rows and the events.
 */
class SlicedControlIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    private static final int SLICE = 200;
    /** What the gateway waits for a command's outcome before it answers 503. */
    private static final Duration GATEWAY_REPLY_TIMEOUT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("orchestrator.slices.size", () -> SLICE);
    }

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void cancelAnswersBeforeItsSlicesFinishAndThenCancelsEveryPendingItem() {
        UUID batchId = UUID.randomUUID();
        int total = 100_000;
        worker.behave(batchId, (d, w) -> {
            w.send(FakeWorker.started(d));
            w.sendLater(300, FakeWorker.completed(d, "ok"));
        });
        SlicedBatches.pending(jdbc, commands, batchId, total, Commands.options(5, 3, Duration.ofMinutes(1)));
        commands.send(Commands.seal(batchId, total));
        await().until(() -> counter(batchId, "completed") >= 5);

        long sent = System.nanoTime();
        commands.send(Commands.cancel(batchId));
        BatchCancelled cancelled = await().atMost(GATEWAY_REPLY_TIMEOUT)
                .until(() -> log.of(batchId, BatchCancelled.class), l -> !l.isEmpty()).get(0);
        long pendingRowsAtAnswer = itemRows(batchId).getOrDefault("pending", 0L);
        System.out.printf("cancel of %,d pending items answered in %d ms, %,d rows still pending%n",
                cancelled.cancelledItems(), (System.nanoTime() - sent) / 1_000_000, pendingRowsAtAnswer);

        assertThat(pendingRowsAtAnswer).as("the answer did not wait for every slice").isPositive();
        assertThat(batchRow(batchId)).startsWith("cancelled ");
        await().atMost(Duration.ofSeconds(120)).until(() -> counter(batchId, "pending") == 0
                && counter(batchId, "in_flight") == 0);

        Map<String, Long> rows = itemRows(batchId);
        long completed = rows.get("completed");
        assertThat(completed).isGreaterThanOrEqualTo(5);
        assertThat(rows).containsOnlyKeys("completed", "cancelled");
        assertThat(completed + cancelled.cancelledItems()).isEqualTo(total);
        assertThat(rows.get("cancelled")).isEqualTo(cancelled.cancelledItems());
        assertThat(batchRow(batchId)).isEqualTo("cancelled " + total + " 0 0 " + completed + " 0 "
                + cancelled.cancelledItems());
        assertThat(worker.received(batchId)).hasSize((int) completed);
        assertThat(log.of(batchId, BatchCompleted.class)).isEmpty();
    }

    @Test
    void retryFailedAnswersBeforeItsSlicesFinishAndCompletesOnlyWhenEveryItemRan() {
        UUID batchId = UUID.randomUUID();
        int total = 20_000;
        worker.behave(batchId, FakeWorker.COMPLETE);
        SlicedBatches.failed(jdbc, commands, batchId, total, Commands.options(500, 3, Duration.ofMinutes(1)));

        long sent = System.nanoTime();
        commands.send(Commands.retryFailed(batchId));
        BatchRetried retried = await().atMost(GATEWAY_REPLY_TIMEOUT)
                .until(() -> log.of(batchId, BatchRetried.class), l -> !l.isEmpty()).get(0);
        long failedRowsAtAnswer = itemRows(batchId).getOrDefault("failed", 0L);
        System.out.printf("retry-failed of %,d failed items answered in %d ms, %,d rows still failed%n",
                retried.requeuedItems(), (System.nanoTime() - sent) / 1_000_000, failedRowsAtAnswer);

        assertThat(retried.requeuedItems()).isEqualTo(total);
        assertThat(failedRowsAtAnswer).as("the answer did not wait for every slice").isPositive();
        BatchCompleted done = await().atMost(Duration.ofSeconds(120))
                .until(() -> log.of(batchId, BatchCompleted.class), l -> !l.isEmpty()).get(0);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(done.total(), done.completed(), done.failed(), done.cancelled()))
                .containsExactly((long) total, (long) total, 0L, 0L);
        assertThat(itemRows(batchId)).containsExactly(Map.entry("completed", (long) total));
        assertThat(batchRow(batchId)).isEqualTo("completed " + total + " 0 0 " + total + " 0 0");
        assertThat(worker.received(batchId)).extracting(d -> d.index()).doesNotHaveDuplicates().hasSize(total);
        assertThat(worker.received(batchId)).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
    }

    @Test
    void retryFailedIsRefusedWhileACancelsSlicesStillRun() {
        UUID batchId = UUID.randomUUID();
        int total = 50_000;
        worker.behave(batchId, FakeWorker.SILENT);
        SlicedBatches.pending(jdbc, commands, batchId, total, Commands.options(5, 3, Duration.ofMinutes(1)));
        commands.send(Commands.seal(batchId, total));
        await().until(() -> counter(batchId, "in_flight") == 5);

        commands.send(Commands.cancel(batchId));
        var retry = Commands.retryFailed(batchId);
        commands.send(retry);

        assertThat(awaitRejected(batchId, retry.commandId()).code()).isEqualTo("INVALID_TRANSITION");
        await().atMost(Duration.ofSeconds(60)).until(() -> counter(batchId, "pending") == 0);
        assertThat(itemRows(batchId)).containsOnly(Map.entry("dispatched", 5L), Map.entry("cancelled", total - 5L));
        assertThat(batchRow(batchId)).isEqualTo("cancelled " + total + " 0 5 0 0 " + (total - 5));
        assertThat(log.of(batchId, BatchRetried.class)).isEmpty();
    }

    /** Item rows of the batch by status, counted in SQL. */
    private Map<String, Long> itemRows(UUID batchId) {
        return SlicedBatches.itemRows(jdbc, batchId);
    }
}
