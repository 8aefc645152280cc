package io.batchpulse.orchestrator.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a database that is away (down, unreachable, out of connections, restarting) from one that
 * refuses what it was given. The first passes, so a listener waits for it for as long as it takes
 * (F6); the second fails the same way every time, so waiting would only stall the partition.
 */
public final class DatabaseOutages {

    /**
     * SQLState classes of a database that is away: connection exception, insufficient resources,
     * program limit exceeded, operator intervention (shutdown, restart), system error.
     */
    private static final Set<String> OUTAGE_CLASSES = Set.of("08", "53", "54", "57", "58");

    private DatabaseOutages() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // TransientDataAccessException: timeouts and lock conflicts; DataAccessResourceFailureException:
            // CannotGetJdbcConnectionException (Hikari's timeout) and a connection lost mid-statement
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && OUTAGE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }
}
