package io.batchpulse.orchestrator.db;

import io.batchpulse.orchestrator.OrchestratorProperties;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in one database transaction and runs it again when PostgreSQL picked it as a
 * deadlock victim or it lost a serialization conflict: such a transaction changed nothing, so
 * running it again is safe. When the work fails and so does the rollback, the work's failure is
 * thrown, the rollback's suppressed in it: the first tells a database that is away from one that
 * refused the work ({@link DatabaseOutages}), the second rarely does. A connection that broke
 * mid-transaction is closed by the pool at once, and its rollback fails with HikariCP's stateless
 * "Connection is closed", which {@link TransactionTemplate} would throw in place of the SQLState
 * 08006 that came first.
 */
@Component
public class Transactions {

    private final TransactionTemplate template;
    private final RetryTemplate retry;

    public Transactions(PlatformTransactionManager transactionManager, OrchestratorProperties properties) {
        this.template = new TransactionTemplate(transactionManager);
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(properties.retry().maxRetries())
                .delay(properties.retry().delay())
                .multiplier(2)
                .predicate(Transactions::isConflict)
                .build());
    }

    public <T> T inTransaction(Supplier<T> work) {
        try {
            return retry.execute(() -> inOneTransaction(work));
        } catch (RetryException e) {
            Throwable last = e.getCause();
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(last);
        }
    }

    private <T> T inOneTransaction(Supplier<T> work) {
        AtomicReference<RuntimeException> workFailure = new AtomicReference<>();
        try {
            return template.execute(status -> {
                try {
                    return work.get();
                } catch (RuntimeException failure) {
                    workFailure.set(failure);
                    throw failure;
                }
            });
        } catch (RuntimeException thrown) {
            RuntimeException failure = workFailure.get();
            if (failure == null || failure == thrown) {
                throw thrown;
            }
            failure.addSuppressed(thrown);
            throw failure;
        }
    }

    public void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyFailureException) {
                return true;
            }
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
