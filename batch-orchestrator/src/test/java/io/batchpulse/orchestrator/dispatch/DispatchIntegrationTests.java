package io.batchpulse.orchestrator.dispatch;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Flow control: the in-flight window of a batch, and fairness between batches. */
class DispatchIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void maxInFlightBoundsItemsOutstanding() {
        UUID batchId = UUID.randomUUID();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        worker.behave(batchId, (d, w) -> {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            w.send(started(d));
            // the worker counts the item as finished just before it reports the result
            w.later(40, () -> {
                outstanding.decrementAndGet();
                w.send(completed(d, "slow"));
            });
        });
        commands.send(Commands.batch(batchId, 40, 40, Commands.options(4, 3, Duration.ofMinutes(1))));

        awaitCompleted(batchId);

        assertThat(maxOutstanding.get()).isBetween(2, 4);
    }

    @Test
    void smallBatchFinishesBeforeHugeBatchStartedTogether() {
        UUID huge = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        commands.send(Commands.batch(huge, 5_000, 1_000, Commands.options(200, 3, Duration.ofMinutes(1))));
        commands.send(Commands.batch(small, 20, 20, Commands.options(200, 3, Duration.ofMinutes(1))));

        BatchCompleted smallDone = awaitCompleted(small);
        long hugeCompletedMeanwhile = jdbc.queryForObject("SELECT completed FROM batch_jobs WHERE id = ?",
                Long.class, huge);
        BatchCompleted hugeDone = awaitCompleted(huge);

        assertThat(smallDone.completed()).isEqualTo(20);
        assertThat(hugeCompletedMeanwhile).isLessThan(5_000);
        assertThat(smallDone.occurredAt()).isBefore(hugeDone.occurredAt());
        assertThat(hugeDone.completed()).isEqualTo(5_000);
    }
}
