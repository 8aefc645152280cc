package io.batchpulse.orchestrator.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchPartitions;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch's row records the batch-commands partition its key maps to, so an orchestrator selects
 * the running batches of its own partitions in SQL. A row whose stored partition cannot be trusted
 * (written before the column, or under another partition count) is still read, and dispatched.
 */
class CommandPartitionColumnIntegrationTests extends SharedOrchestratorIntegrationTest {

    private static final int COMMAND_PARTITIONS = 3;
    private static final BatchOptions OPTIONS = Commands.options(3, 1, Duration.ofMinutes(1));

    @Test
    void aNewBatchRecordsTheCommandsPartitionItsKeyMapsTo() {
        UUID batchId = UUID.randomUUID();
        assertThat(runToCompletion(batchId, 3, OPTIONS).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForMap("SELECT command_partition, command_partitions FROM batch_jobs WHERE id = ?", batchId))
                .containsEntry("command_partition", BatchPartitions.of(batchId, COMMAND_PARTITIONS))
                .containsEntry("command_partitions", COMMAND_PARTITIONS);
    }

    @Test
    void aBatchWrittenBeforeTheColumnIsStillDispatched() {
        UUID batchId = createThenRewrite("command_partition = NULL, command_partitions = NULL");

        assertThat(sealAndAwait(batchId)).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aBatchKeyedUnderAnotherPartitionCountIsStillDispatched() {
        // under seven partitions it would sit on one this instance does not hold
        UUID batchId = createThenRewrite("command_partition = 5, command_partitions = 7");

        assertThat(sealAndAwait(batchId)).isEqualTo(BatchStatus.COMPLETED);
    }

    private UUID createThenRewrite(String assignments) {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.create(batchId, OPTIONS));
        await().until(() -> jdbc.update("UPDATE batch_jobs SET " + assignments + " WHERE id = ?", batchId) == 1);
        return batchId;
    }

    private BatchStatus sealAndAwait(UUID batchId) {
        commands.send(Commands.append(batchId, 0, Commands.items(0, 3)));
        commands.send(Commands.seal(batchId, 3));
        return awaitCompleted(batchId).status();
    }
}
