package io.batchpulse.orchestrator.batch;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FailureAction;
import io.batchpulse.events.model.FailurePolicy;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A batch from create to its end: completed, completed with errors, failed by its deadline or its failure policy. */
class BatchLifecycleIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void createAppendSealRunsBatchToCompletion() {
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.batch(batchId, 200, 64, Commands.options(16, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(done.total(), done.completed(), done.failed(), done.cancelled()))
                .containsExactly(200L, 200L, 0L, 0L);
        assertThat(log.of(batchId, BatchCreated.class)).hasSize(1);
        assertThat(log.of(batchId, BatchStarted.class)).singleElement()
                .satisfies(started -> assertThat(started.total()).isEqualTo(200));
        assertThat(log.of(batchId, ItemDispatched.class)).hasSize(200);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::index).doesNotHaveDuplicates().hasSize(200);
        assertThat(jdbc.queryForList("SELECT status FROM batch_items WHERE batch_id = ? GROUP BY status",
                String.class, batchId)).containsExactly("completed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND result IS NULL",
                Long.class, batchId)).isZero();
        // item.started and item.completed mostly share a poll: the one row update keeps both times
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM batch_items WHERE batch_id = ?
                AND (started_at IS NULL OR finished_at < started_at OR worker_id IS NULL)
                """, Long.class, batchId)).isZero();
        assertThat(batchRow(batchId)).isEqualTo("completed 200 0 0 200 0 0");
        // batch.started is on the topic before the batch's first item.dispatched
        List<BatchEvent> events = log.of(batchId);
        assertThat(events.indexOf(log.of(batchId, BatchStarted.class).get(0)))
                .isLessThan(events.indexOf(log.of(batchId, ItemDispatched.class).get(0)));
        // what the orchestrator publishes names its type in a header, for readers that skip by type
        assertThat(events).filteredOn(event -> !(event instanceof ItemStarted || event instanceof ItemCompleted))
                .isNotEmpty().allSatisfy(event -> assertThat(log.typeHeader(event)).isEqualTo(event.type()));
    }

    @Test
    void failedItemsEndBatchCompletedWithErrors() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 4 == 0 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 40, 40, Commands.options(8, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(List.of(done.completed(), done.failed())).containsExactly(30L, 10L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND status = 'failed' "
                + "AND error->>'code' = 'GENERATION_FAILED'", Long.class, batchId)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND started_at IS NULL",
                Long.class, batchId)).isZero();
    }

    @Test
    void batchPastItsDeadlineFailsWithTimeoutAndCancelsWhatIsPending() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        BatchOptions options = new BatchOptions(2, 3, Duration.ofMinutes(5), null, Duration.ofSeconds(1), null);
        commands.send(Commands.batch(batchId, 5, 5, options));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(done.reason()).isEqualTo("TIMEOUT");
        assertThat(done.cancelled()).isEqualTo(3);
        assertThat(batchRow(batchId)).isEqualTo("failed 5 0 2 0 0 3");
    }

    @Test
    void failurePolicyPausesOrFailsABatchWhenTooManyItemsFail() {
        UUID pausing = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        FakeWorker.Behaviour allFail = (d, w) -> w.send(started(d), failed(d, d.attempt()));
        worker.behave(pausing, allFail);
        worker.behave(failing, allFail);
        commands.send(Commands.batch(pausing, 50, 50, new BatchOptions(1, 1, Duration.ofMinutes(1), null, null,
                new FailurePolicy(0.2, 5, FailureAction.PAUSE))));
        commands.send(Commands.batch(failing, 50, 50, new BatchOptions(1, 1, Duration.ofMinutes(1), null, null,
                new FailurePolicy(0.2, 5, FailureAction.FAIL))));

        BatchPaused paused = await().until(() -> log.of(pausing, BatchPaused.class), l -> !l.isEmpty()).get(0);
        BatchCompleted failed = awaitCompleted(failing);

        assertThat(paused.reason()).isEqualTo("FAILURE_THRESHOLD");
        assertThat(jdbc.queryForObject("SELECT status || ' ' || status_reason || ' ' || failed FROM batch_jobs "
                + "WHERE id = ?", String.class, pausing)).isEqualTo("paused FAILURE_THRESHOLD 5");
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.reason()).isEqualTo("FAILURE_THRESHOLD");
        assertThat(List.of(failed.failed(), failed.cancelled())).containsExactly(5L, 45L);
    }
}
