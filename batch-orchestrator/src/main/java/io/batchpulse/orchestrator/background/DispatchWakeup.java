package io.batchpulse.orchestrator.background;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the dispatcher that there may be work for it. While it finds none it ticks only every
 * {@code orchestrator.dispatch.idle-tick-interval} instead of querying PostgreSQL 50 times a
 * second; whoever commits something it acts on (a command, recorded results, an outbox row, a
 * slice of a retry, a newly assigned partition) wakes it, so that work still starts at once. It
 * lives here rather than in {@code dispatch}, which depends on every package that calls it.
 */
@Component
public class DispatchWakeup {

    private final AtomicBoolean woken = new AtomicBoolean();

    public void wake() {
        woken.set(true);
    }

    /**
     * Wakes it once the current transaction has committed, or now outside one: woken earlier, its
     * tick could run before the commit, find nothing and go back to sleep.
     */
    public void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        } else {
            wake();
        }
    }

    /** Whether someone woke it since the last call; clears the wake-up. */
    public boolean takeWakeup() {
        return woken.getAndSet(false);
    }
}
