package io.batchpulse.orchestrator.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

/** What the listeners wait for (the database away) and what they dead-letter after a few attempts (a refusal). */
class DatabaseOutagesTests {

    @Test
    void aDatabaseThatIsAwayIsAnOutageHoweverItIsWrapped() {
        assertThat(DatabaseOutages.isOutage(new CannotGetJdbcConnectionException("Hikari",
                new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms"))))
                .isTrue();
        assertThat(DatabaseOutages.isOutage(new CannotCreateTransactionException("no connection"))).isTrue();
        // untranslated, as Hibernate throws it: only the SQLState tells
        assertThat(DatabaseOutages.isOutage(new ListenerExecutionFailedException("listener",
                new IllegalStateException("flush", new SQLException("An I/O error occurred", "08006"))))).isTrue();
        assertThat(DatabaseOutages.isOutage(new UncategorizedSQLException("update", "UPDATE",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void aRefusalOrABugIsNoOutage() {
        assertThat(DatabaseOutages.isOutage(new DataIntegrityViolationException("unsupported Unicode escape sequence",
                new SQLException("unsupported Unicode escape sequence", "22P05")))).isFalse();
        assertThat(DatabaseOutages.isOutage(new BadSqlGrammarException("update", "UPDATE",
                new SQLException("column does not exist", "42703")))).isFalse();
        assertThat(DatabaseOutages.isOutage(new UncategorizedSQLException("update", "UPDATE",
                new SQLException("no state")))).isFalse();
        assertThat(DatabaseOutages.isOutage(new IllegalStateException("a bug"))).isFalse();
    }
}
