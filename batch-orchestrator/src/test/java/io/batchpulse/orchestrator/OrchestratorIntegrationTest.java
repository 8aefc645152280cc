package io.batchpulse.orchestrator;

import static org.awaitility.Awaitility.await;

import io.batchpulse.orchestrator.command.CommandService;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orchestrator driven like the real system: commands through Kafka, a fake worker answering
 * on batch-events, a real broker and a real PostgreSQL. One Spring context per test class, on the
 * environment the class names; each test uses batches of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(OrchestratorIntegrationTest.Counting.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrchestratorIntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        static StatementCounter statementCounter() {
            return new StatementCounter();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandService commandService;

    Commands commands;
    FakeWorker worker;
    EventLog log;
    InternalApi api;

    /** The broker, database and topics of this class (its {@code @DynamicPropertySource} names them). */
    abstract TestEnvironment environment();

    @BeforeAll
    void connect() {
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
    void startThirtyItemsThreeInFlight(UUID batchId) {
        worker.behave(batchId, (d, w) -> {
            w.send(FakeWorker.started(d));
            w.sendLater(50, FakeWorker.completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 30, 30, Commands.options(3, 3, Duration.ofMinutes(1))));
        await().until(() -> worker.received(batchId).size() >= 3);
    }

    @AfterAll
    void disconnect() {
        commands.close();
        worker.close();
        log.close();
    }
}
