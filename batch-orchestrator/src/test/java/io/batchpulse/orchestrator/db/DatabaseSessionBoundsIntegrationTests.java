package io.batchpulse.orchestrator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL lets go of what an orchestrator's session left hanging, through the bounds the
 * orchestrator's pool puts on every session (application.yml, set short here): a transaction left
 * open by a frozen instance loses its locks, and a statement past its bound is cancelled by the
 * server rather than left running, holding its locks, after the client's socket gave up on it.
 * The checks read PostgreSQL's own view of its sessions on a connection of the test's own.
 */
class DatabaseSessionBoundsIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    /** The test's own reader: a plain connection, without the bounds of the orchestrator's pool. */
    private static final JdbcTemplate SERVER_VIEW = ENV.ownReader();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("ORCHESTRATOR_DB_STATEMENT_TIMEOUT", () -> "2s");
        registry.add("ORCHESTRATOR_DB_IDLE_IN_TRANSACTION_TIMEOUT", () -> "3s");
    }

    @Autowired
    private DataSource pool;

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void aBatchRowLockedByAFrozenInstanceIsReleasedAndTheBatchRunsToItsEnd() throws SQLException {
        UUID batchId = UUID.randomUUID();
        startThirtyItemsThreeInFlight(batchId);
        // a session of the orchestrator's own pool that takes the batch row and then does nothing
        // more, as an instance does that is stopped or cut off between two statements of a transaction
        try (Connection frozen = pool.getConnection()) {
            frozen.setAutoCommit(false);
            long frozenPid = backendPid(frozen);
            try (PreparedStatement lock = frozen.prepareStatement("SELECT id FROM batch_jobs WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, batchId);
                lock.executeQuery().close();
            }
            long lockedAt = System.nanoTime();

            assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED);
            System.out.printf("a batch row held by an idle transaction: the batch completed %d ms after the lock%n",
                    Duration.ofNanos(System.nanoTime() - lockedAt).toMillis());
            assertThat(sessionAlive(frozenPid)).as("the idle session ended by the server").isFalse();
            assertThatThrownBy(() -> frozen.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aStatementPastItsBoundIsCancelledByTheServerNotLeftRunning() {
        long startedAt = System.nanoTime();
        assertThatThrownBy(() -> jdbc.queryForList("SELECT pg_sleep(10), 'bounded statement'"))
                .isInstanceOf(QueryTimeoutException.class);
        System.out.printf("a 10 s statement under a 2 s bound failed after %d ms%n",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
        assertThat(SERVER_VIEW.queryForObject("""
                SELECT count(*) FROM pg_stat_activity
                WHERE state = 'active' AND query LIKE '%bounded statement%' AND pid <> pg_backend_pid()
                """, Long.class)).as("the statement still running on the server").isZero();
    }

    @Test
    void aReadTheServerCancelsAtItsBoundIsAnswered503() throws Exception {
        UUID batchId = UUID.randomUUID();
        startThirtyItemsThreeInFlight(batchId);
        awaitCompleted(batchId);
        // the whole table locked by a session of the test's own, as a migration or a VACUUM FULL would
        try (Connection holder = SERVER_VIEW.getDataSource().getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE batch_jobs IN ACCESS EXCLUSIVE MODE");
            long startedAt = System.nanoTime();
            assertThat(api.status("/internal/v1/batches/" + batchId)).isEqualTo(503);
            System.out.printf("a read behind a table lock answered 503 after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
            holder.rollback();
        }
        assertThat(api.status("/internal/v1/batches/" + batchId)).isEqualTo(200);
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (var rs = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean sessionAlive(long pid) {
        return SERVER_VIEW.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", Long.class, pid) > 0;
    }
}
