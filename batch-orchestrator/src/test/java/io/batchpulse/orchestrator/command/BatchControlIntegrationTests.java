package io.batchpulse.orchestrator.command;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pause, resume, cancel and retry-failed (of every failed item or of one) of a running or finished batch. */
class BatchControlIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void pausedBatchDispatchesNothingUntilResumed() {
        UUID batchId = UUID.randomUUID();
        startThirtyItemsThreeInFlight(batchId);

        BatchCommand pause = Commands.pause(batchId, Commands.ALICE);
        commands.send(pause);
        await().until(() -> !log.of(batchId, BatchPaused.class).isEmpty());
        assertThat(log.of(batchId, BatchPaused.class).get(0).commandId()).isEqualTo(pause.commandId());
        // in-flight items finish; nothing new leaves while paused
        await().until(() -> counter(batchId, "in_flight") == 0);
        int dispatchedWhilePaused = worker.received(batchId).size();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> worker.received(batchId).size() == dispatchedWhilePaused);
        assertThat(dispatchedWhilePaused).isLessThan(30);
        assertThat(batchRow(batchId)).startsWith("paused 30 " + (30 - dispatchedWhilePaused) + " 0 "
                + dispatchedWhilePaused);

        commands.send(Commands.resume(batchId));

        assertThat(awaitCompleted(batchId).completed()).isEqualTo(30);
        assertThat(log.of(batchId, BatchResumed.class)).hasSize(1);
    }

    @Test
    void cancelKeepsCompletedItemsAndCancelsPendingOnes() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d));
            w.sendLater(30, completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 60, 60, Commands.options(2, 3, Duration.ofMinutes(1))));
        await().until(() -> counter(batchId, "completed") >= 4);

        commands.send(Commands.cancel(batchId));

        BatchCancelled cancelled = await().until(() -> log.of(batchId, BatchCancelled.class), l -> !l.isEmpty())
                .get(0);
        await().until(() -> counter(batchId, "in_flight") == 0);
        long completed = counter(batchId, "completed");
        assertThat(cancelled.cancelledItems()).isPositive();
        assertThat(completed + cancelled.cancelledItems()).isEqualTo(60);
        assertThat(batchRow(batchId)).isEqualTo("cancelled 60 0 0 " + completed + " 0 " + cancelled.cancelledItems());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND status = 'completed' "
                + "AND result IS NOT NULL", Long.class, batchId)).isEqualTo(completed);
        assertThat(log.of(batchId, BatchCompleted.class)).isEmpty();
    }

    @Test
    void retryFailedRunsTheFailedItemsAgainWithAFreshAttemptBudget() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 1 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 10, 10, Commands.options(10, 2, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);

        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.retryFailed(batchId));

        BatchCompleted second = await().until(() -> log.of(batchId, BatchCompleted.class), l -> l.size() == 2)
                .get(1);
        assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(second.completed(), second.failed())).containsExactly(10L, 0L);
        assertThat(log.of(batchId, BatchRetried.class)).singleElement()
                .satisfies(retried -> assertThat(retried.requeuedItems()).isEqualTo(5));
        // attempt numbers keep rising across retry-failed; the budget (last attempt) moves with them
        assertThat(worker.received(batchId)).filteredOn(d -> d.index() == 1).extracting(ItemDispatch::attempt)
                .containsExactly(1, 2);
        assertThat(worker.received(batchId)).filteredOn(d -> d.index() == 1).extracting(ItemDispatch::maxAttempts)
                .containsExactly(2, 3);
    }

    @Test
    void retryingOneFailedItemRunsOnlyThatItemAndRefusesAnyOtherItem() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 1 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 6, 6, Commands.options(6, 1, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        RetryFailed completedItem = retryItem(batchId, 0);
        RetryFailed unknownItem = retryItem(batchId, 99);
        commands.send(completedItem, unknownItem);
        CommandRejected notFailed = awaitRejected(batchId, completedItem.commandId());
        assertThat(notFailed.code()).isEqualTo("INVALID_TRANSITION");
        assertThat(notFailed.message()).isEqualTo("item 0 is completed; only a failed item can be retried");
        assertThat(awaitRejected(batchId, unknownItem.commandId()).code()).isEqualTo("NOT_FOUND");

        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(retryItem(batchId, 3));

        BatchCompleted second = await().until(() -> log.of(batchId, BatchCompleted.class), l -> l.size() == 2)
                .get(1);
        assertThat(List.of(second.completed(), second.failed())).containsExactly(4L, 2L);
        assertThat(log.of(batchId, BatchRetried.class)).singleElement().satisfies(retried -> {
            assertThat(retried.requeuedItems()).isEqualTo(1);
            assertThat(retried.itemIndex()).isEqualTo(3L);
        });
        assertThat(worker.received(batchId)).filteredOn(d -> d.attempt() == 2).extracting(ItemDispatch::index)
                .containsExactly(3L);
    }

    private static RetryFailed retryItem(UUID batchId, long index) {
        return new RetryFailed(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, Commands.ALICE, null,
                index);
    }
}
