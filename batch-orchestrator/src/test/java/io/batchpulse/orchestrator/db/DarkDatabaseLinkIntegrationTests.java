package io.batchpulse.orchestrator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import io.batchpulse.testsupport.net.TcpProxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The orchestrator's link to PostgreSQL goes dark (a partition: open sockets that carry nothing,
 * through a fault-injecting proxy). A read that holds a pooled connection then waits in a socket
 * read; the driver's socket timeout must end it, so the API answers 503 instead of hanging for as
 * long as the partition lasts, and everything resumes once the link heals. And the link is cut in
 * the middle of a transaction: what it throws must still read as an outage.
 */
class DarkDatabaseLinkIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    private static final TcpProxy LINK = ENV.databaseLink();
    private static final int SOCKET_TIMEOUT_SECONDS = 2;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.datasource.url", () -> ENV.jdbcUrlThrough(LINK));
        registry.add("spring.datasource.hikari.data-source-properties.socketTimeout", () -> SOCKET_TIMEOUT_SECONDS);
    }

    @Autowired
    Transactions transactions;

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void aReadWhileTheDatabaseLinkIsDarkIsAnswered503AndEverythingResumesWhenItHeals() throws Exception {
        UUID before = UUID.randomUUID();
        worker.behave(before, FakeWorker.COMPLETE);
        commands.send(Commands.batch(before, 5, 5, Commands.options(5, 2, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(before).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(status(before)).isEqualTo(200);

        LINK.stall();
        long darkAt = System.nanoTime();
        try {
            // a read that hangs fails here, at the bound, however long the link stays dark
            await("a read answered while the link is dark").atMost(Duration.ofSeconds(60))
                    .until(() -> status(before), code -> code == 503);
            System.out.printf("dark link: a read answered 503 %d ms after the stall%n", elapsedMs(darkAt));
        } finally {
            LINK.heal();
        }
        long healedAt = System.nanoTime();

        await("reads answered again after the heal").atMost(Duration.ofSeconds(60))
                .until(() -> status(before), code -> code == 200);
        System.out.printf("dark link: reads answered 200 again %d ms after the heal%n", elapsedMs(healedAt));
        UUID after = UUID.randomUUID();
        worker.behave(after, FakeWorker.COMPLETE);
        commands.send(Commands.batch(after, 5, 5, Commands.options(5, 2, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(after).status()).isEqualTo(BatchStatus.COMPLETED);
        System.out.printf("dark link: a batch created after the heal completed %d ms after it%n", elapsedMs(healedAt));
    }

    /**
     * The next statement fails with SQLState 08006, HikariCP closes the broken connection, and the
     * rollback then fails with a stateless "Connection is closed". Read as a refusal rather than an
     * outage, that rollback failure had the result recorder dead-letter good results.
     */
    @Test
    void aTransactionCutMidwayFailsAsAnOutageThoughItsRollbackFailsToo() {
        RuntimeException failure;
        try {
            failure = catchRuntimeException(() -> transactions.run(() -> {
                jdbc.queryForObject("SELECT 1", Integer.class);
                LINK.cut();
                jdbc.queryForObject("SELECT 1", Integer.class);
            }));
        } finally {
            LINK.heal();
        }
        assertThat(failure).isNotNull();
        assertThat(DatabaseOutages.isOutage(failure)).as("an outage: %s", failure).isTrue();
        // the pool's other connections were cut too: each fails once and is replaced
        await("the pool recovered").ignoreExceptions().until(() -> jdbc.queryForObject("SELECT 1", Integer.class) == 1);
    }

    private int status(UUID batchId) throws Exception {
        return api.status("/internal/v1/batches/" + batchId);
    }

    private static long elapsedMs(long from) {
        return Duration.ofNanos(System.nanoTime() - from).toMillis();
    }
}
