package io.batchpulse.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A dispatcher with nothing to do sleeps for its idle interval, here an hour, so every piece of
 * work below reaches the worker only if whatever made it woke the dispatcher: the partitions
 * assigned at start, a new batch's commands, results that end a batch (its outbox row), a lease
 * that expired, a retry-failed moving items back to pending, the items copied into a rerun.
 */
class IdleDispatcherIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("orchestrator.dispatch.idle-tick-interval", () -> "1h");
    }

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void batchesCreatedOneAfterAnotherWhileTheDispatcherSleepsRunToTheirEnd() {
        for (int i = 0; i < 3; i++) {
            UUID batchId = UUID.randomUUID();
            startThirtyItemsThreeInFlight(batchId);
            BatchCompleted done = awaitCompleted(batchId);
            assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(done.completed()).isEqualTo(30);
        }
    }

    @Test
    void anItemWhoseLeaseExpiredAfterTheLastDispatchRunsAgain() {
        UUID batchId = UUID.randomUUID();
        // the first attempt of the only item is never answered: its lease expires with nothing else to dispatch
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() > 1) {
                w.send(FakeWorker.started(d), FakeWorker.completed(d, "second time"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 2, Duration.ofSeconds(1))));

        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1, 2);
    }

    @Test
    void aRetryOfTheFailedItemsOfAFinishedBatchDispatchesThemAgain() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(FakeWorker.started(d), FakeWorker.failed(d, d.attempt())));
        commands.send(Commands.batch(batchId, 6, 6, Commands.options(3, 1, Duration.ofMinutes(1))));
        awaitCompleted(batchId);

        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.retryFailed(batchId));

        List<BatchCompleted> ends = await().until(() -> log.of(batchId, BatchCompleted.class), l -> l.size() == 2);
        assertThat(ends.get(1).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(ends.get(1).completed()).isEqualTo(6);
    }

    @Test
    void aRerunOfAFinishedBatchRunsTheItemsCopiedFromIt() {
        UUID source = UUID.randomUUID();
        runToCompletion(source, 6, Commands.options(3, 1, Duration.ofMinutes(1)));

        UUID again = UUID.randomUUID();
        worker.behave(again, FakeWorker.COMPLETE);
        commands.send(Commands.rerun(again, source, Commands.ALICE));

        assertThat(awaitCompleted(again).completed()).isEqualTo(6);
    }
}
