package io.batchpulse.orchestrator.lease;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An item whose worker went silent is dispatched again, or fails on its last attempt. */
class LeaseIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void expiredLeaseRedispatchesWithNextAttempt() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() >= 2) {
                w.send(started(d), completed(d, "second"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1, 2);
        assertThat(log.of(batchId, ItemRetrying.class)).singleElement().satisfies(retrying -> {
            assertThat(retrying.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(retrying.attempt()).isEqualTo(1);
            assertThat(retrying.retryDelayMs()).isZero();
        });
        assertThat(jdbc.queryForObject("SELECT status || ' ' || attempt FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).isEqualTo("completed 2");
    }

    @Test
    void expiredLeaseOnLastAttemptFailsTheItem() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 1, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(log.of(batchId, ItemFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(failed.error().message()).isEqualTo("no result within itemTimeout PT1S");
        });
        // filed in the same failure group the gateway computes from the item.failed event
        assertThat(jdbc.queryForObject("SELECT failure_group FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).isEqualTo(FailureGroup.of(log.of(batchId, ItemFailed.class).get(0).error()).key());
    }
}
