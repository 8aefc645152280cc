package io.batchpulse.orchestrator.record;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.DeadLetters;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Worker results are recorded once, for the current attempt only, and a poison event does not stop recording. */
class ResultRecordingIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void lateResultOfOldAttemptIsIgnored() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() == 2) {
                // attempt 1's worker wakes up late and reports a failure, then attempt 2 succeeds
                w.send(failed(d, 1));
                w.sendLater(100, started(d), completed(d, "new"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(done.completed(), done.failed())).containsExactly(1L, 0L);
        assertThat(jdbc.queryForObject("SELECT result->>'value' FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).isEqualTo("new");
    }

    @Test
    void duplicateCompletedEventCountsOnce() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d), completed(d, "first"), completed(d, "second"));
            w.sendLater(200, completed(d, "late"), failed(d, d.attempt()));
        });
        commands.send(Commands.batch(batchId, 25, 25, Commands.options(5, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(List.of(done.completed(), done.failed())).containsExactly(25L, 0L);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> batchRow(batchId).equals("completed 25 0 0 25 0 0"));
        assertThat(log.of(batchId, BatchCompleted.class)).hasSize(1);
        assertThat(jdbc.queryForList("SELECT DISTINCT result->>'value' FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).containsExactly("first");
    }

    @Test
    void poisonEventGoesToDeadLetterTopicAndRecordingGoesOn() {
        byte[] poison = "\u0000\u0001 binary".getBytes(StandardCharsets.UTF_8);
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.sendRaw(d.batchId().toString(), poison);
            w.send(started(d), completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 3, 3, Commands.options(3, 3, Duration.ofMinutes(1))));

        assertThat(awaitCompleted(batchId).completed()).isEqualTo(3);
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), poison,
                Duration.ofSeconds(20))).isNotNull();
    }
}
