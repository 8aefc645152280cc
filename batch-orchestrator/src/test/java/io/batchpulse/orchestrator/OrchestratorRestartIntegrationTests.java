package io.batchpulse.orchestrator;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.EventLog;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orchestrator is stopped in the middle of a batch and a new instance is started on the same
 * database and topics: the batch finishes with exact counts, and a paused batch stays paused.
 */
class OrchestratorRestartIntegrationTests {

    private final TestEnvironment env = TestEnvironment.create();

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

    private ConfigurableApplicationContext start() {
        // as command-line arguments: they win over application.yml, as the environment would in production
        String[] args = env.properties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(OrchestratorApplication.class).run(args);
    }

    /** The batch's completed counter, 0 while its create command is not applied yet. */
    private long completedCount(UUID batchId) {
        return plainJdbc().queryForList("SELECT completed FROM batch_jobs WHERE id = ?", Long.class, batchId).stream()
                .findFirst().orElse(0L);
    }

    private JdbcTemplate plainJdbc() {
        var dataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(env.jdbcUrl(),
                env.username(), env.password());
        return new JdbcTemplate(dataSource);
    }
}
