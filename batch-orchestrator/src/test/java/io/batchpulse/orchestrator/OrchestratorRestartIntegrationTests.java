package io.batchpulse.orchestrator;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.EventLog;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SlicedBatches;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orchestrator is stopped in the middle of a batch and a new instance is started on the same
 * database and topics: the batch finishes with exact counts, a paused batch stays paused, and a
 * cancel stopped between its slices goes on.
 */
class OrchestratorRestartIntegrationTests {

    private final TestEnvironment env = TestEnvironment.create();
    private final JdbcTemplate ownReader = env.ownReader();

    @Test
    void restartedOrchestratorFinishesBatchWithExactCounts() {
        ConfigurableApplicationContext first = start();
        try (Commands commands = new Commands(env.bootstrapServers(), env.topics().batchCommands());
                FakeWorker worker = new FakeWorker(env.bootstrapServers(), env.topics().itemDispatch(),
                        env.topics().batchEvents());
                EventLog log = new EventLog(env.bootstrapServers(), env.topics().batchEvents())) {
            UUID running = UUID.randomUUID();
            UUID paused = UUID.randomUUID();
            worker.behave(running, (d, w) -> {
                w.send(started(d));
                w.sendLater(15, completed(d, "ok"));
            });
            worker.behave(paused, FakeWorker.SILENT);
            commands.send(Commands.batch(paused, 20, 20, Commands.options(2, 3, Duration.ofMinutes(5))));
            commands.send(Commands.pause(paused, Commands.ALICE));
            commands.send(Commands.batch(running, 300, 100, Commands.options(10, 3, Duration.ofMinutes(1))));
            await().atMost(Duration.ofSeconds(60)).until(() -> !log.of(paused, BatchPaused.class).isEmpty()
                    && completedCount(running) >= 60);

            first.close();
            long completedBeforeRestart = completedCount(running);
            ConfigurableApplicationContext second = start();
            try {
                BatchCompleted done = await().atMost(Duration.ofSeconds(60))
                        .until(() -> log.of(running, BatchCompleted.class), l -> !l.isEmpty()).get(0);

                assertThat(completedBeforeRestart).isLessThan(300);
                assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(List.of(done.total(), done.completed(), done.failed(), done.cancelled()))
                        .containsExactly(300L, 300L, 0L, 0L);
                JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT concat_ws(' ', status, pending, in_flight, completed) "
                        + "FROM batch_jobs WHERE id = ?", String.class, running)).isEqualTo("completed 0 0 300");
                assertThat(jdbc.queryForList("SELECT DISTINCT status FROM batch_items WHERE batch_id = ?",
                        String.class, running)).containsExactly("completed");
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                        .until(() -> log.of(running, BatchCompleted.class).size() == 1);

                // the paused batch stayed paused: at most the items out before the pause were (re-)sent
                assertThat(jdbc.queryForObject("SELECT status || ' ' || pending FROM batch_jobs WHERE id = ?",
                        String.class, paused)).isIn("paused 20", "paused 19", "paused 18");
                assertThat(worker.received(paused)).extracting(d -> d.index()).isSubsetOf(0L, 1L);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void cancelStoppedBetweenItsSlicesGoesOnAfterRestart() {
        ConfigurableApplicationContext first = start("--orchestrator.slices.size=100");
        try (Commands commands = new Commands(env.bootstrapServers(), env.topics().batchCommands());
                FakeWorker worker = new FakeWorker(env.bootstrapServers(), env.topics().itemDispatch(),
                        env.topics().batchEvents());
                EventLog log = new EventLog(env.bootstrapServers(), env.topics().batchEvents())) {
            UUID batchId = UUID.randomUUID();
            int total = 100_000;
            worker.behave(batchId, FakeWorker.SILENT);
            SlicedBatches.pending(ownReader, commands, batchId, total, Commands.options(3, 3, Duration.ofMinutes(5)));
            commands.send(Commands.seal(batchId, total));
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(batchId, "in_flight") == 3);
            commands.send(Commands.cancel(batchId));
            BatchCancelled cancelled = await().atMost(Duration.ofSeconds(30))
                    .until(() -> log.of(batchId, BatchCancelled.class), l -> !l.isEmpty()).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(batchId, "cancelled") >= 1_000);

            first.close();
            long pendingAtStop = counter(batchId, "pending");
            Map<String, Long> rowsAtStop = SlicedBatches.itemRows(ownReader, batchId);
            ConfigurableApplicationContext second = start("--orchestrator.slices.size=100");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> counter(batchId, "pending") == 0);

                assertThat(pendingAtStop).as("stopped between slices").isPositive();
                assertThat(rowsAtStop.get("pending")).isEqualTo(pendingAtStop);
                assertThat(cancelled.cancelledItems()).isEqualTo(total - 3);
                assertThat(SlicedBatches.itemRows(ownReader, batchId))
                        .containsOnly(Map.entry("dispatched", 3L), Map.entry("cancelled", total - 3L));
                assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT concat_ws(' ', status, total, "
                        + "pending, in_flight, completed, failed, cancelled) FROM batch_jobs WHERE id = ?",
                        String.class, batchId)).isEqualTo("cancelled " + total + " 0 3 0 0 " + (total - 3));
                assertThat(log.of(batchId, BatchCancelled.class)).hasSize(1);
            } finally {
                second.close();
            }
        }
    }

    private ConfigurableApplicationContext start(String... extraArgs) {
        // as command-line arguments: they win over application.yml, as the environment would in production
        String[] args = Stream.concat(env.properties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()), Stream.of(extraArgs)).toArray(String[]::new);
        return new SpringApplicationBuilder(OrchestratorApplication.class).run(args);
    }

    private long counter(UUID batchId, String column) {
        return ownReader.queryForObject("SELECT coalesce(max(" + column + "), 0) FROM batch_jobs WHERE id = ?",
                Long.class, batchId);
    }

    /** The batch's completed counter, 0 while its create command is not applied yet. */
    private long completedCount(UUID batchId) {
        return ownReader.queryForList("SELECT completed FROM batch_jobs WHERE id = ?", Long.class, batchId).stream()
                .findFirst().orElse(0L);
    }
}
