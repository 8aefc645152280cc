package io.batchpulse.orchestrator.support;

import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.orchestrator.command.CommandService;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orchestrator driven like the real system: commands through Kafka, a fake worker answering
 * on batch-events, a real broker and a real PostgreSQL. One Spring context per environment (the
 * class's {@code @DynamicPropertySource} names it); each test uses batches of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(StatementCounter.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OrchestratorIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected CommandService commandService;

    protected Commands commands;
    protected FakeWorker worker;
    protected EventLog log;
    protected InternalApi api;

    /** The broker, database and topics of this class (its {@code @DynamicPropertySource} names them). */
    protected abstract TestEnvironment environment();

    @BeforeAll
    protected void connect() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
        TestEnvironment env = environment();
        commands = new Commands(env.bootstrapServers(), env.topics().batchCommands());
        worker = new FakeWorker(env.bootstrapServers(), env.topics().itemDispatch(), env.topics().batchEvents());
        log = new EventLog(env.bootstrapServers(), env.topics().batchEvents());
        api = new InternalApi("http://localhost:" + port);
    }

    /**
     * Starts a 30-item batch run three at a time, each item finishing 50 ms after it starts, and
     * returns once three were dispatched: a batch with work in flight and most of it pending.
     */
    protected void startThirtyItemsThreeInFlight(UUID batchId) {
        worker.behave(batchId, (d, w) -> {
            w.send(FakeWorker.started(d));
            w.sendLater(50, FakeWorker.completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 30, 30, Commands.options(3, 3, Duration.ofMinutes(1))));
        await().until(() -> worker.received(batchId).size() >= 3);
    }

    /** Runs a batch of {@code items} items, each completed as soon as it is dispatched, to its end. */
    protected BatchCompleted runToCompletion(UUID batchId, int items, BatchOptions options) {
        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.batch(batchId, items, items, options));
        return awaitCompleted(batchId);
    }

    protected BatchCompleted awaitCompleted(UUID batchId) {
        return await().until(() -> log.of(batchId, BatchCompleted.class), list -> !list.isEmpty()).get(0);
    }

    protected CommandRejected awaitRejected(UUID batchId, UUID commandId) {
        return await().until(() -> log.of(batchId, CommandRejected.class).stream()
                .filter(r -> commandId.equals(r.commandId())).toList(), list -> !list.isEmpty()).get(0);
    }

    /** status total pending in_flight completed failed cancelled; "absent" before the create is applied. */
    protected String batchRow(UUID batchId) {
        return jdbc.queryForList("SELECT concat_ws(' ', status, total, pending, in_flight, completed, failed, "
                + "cancelled) FROM batch_jobs WHERE id = ?", String.class, batchId).stream().findFirst()
                .orElse("absent");
    }

    /** A counter column of the batch row, 0 while the create command is not applied yet. */
    protected long counter(UUID batchId, String column) {
        return jdbc.queryForObject("SELECT coalesce(max(" + column + "), 0) FROM batch_jobs WHERE id = ?", Long.class,
                batchId);
    }

    @AfterAll
    protected void disconnect() {
        commands.close();
        worker.close();
        log.close();
    }
}
