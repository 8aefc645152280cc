package io.batchpulse.orchestrator.outbox;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How long the outbox relay stays away from its lock after pages it could not send: 0.5 s after
 * the first failure, doubling up to 10 s. Only a page that went out starts it over. An empty page
 * says nothing about the link to the brokers (another instance sent the rows), so an instance cut
 * off from them must not come back every half second to hold the lock for a whole send timeout.
 */
final class RelayBackoff {

    private static final long FIRST_MILLIS = 500;
    private static final long MAX_MILLIS = 10_000;

    private final LongSupplier nanoTime;
    private final ExponentialBackOff backOff = new ExponentialBackOff(FIRST_MILLIS, 2.0);
    private BackOffExecution failures;
    private volatile long retryAt;

    RelayBackoff(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.retryAt = nanoTime.getAsLong();
        backOff.setMaxInterval(MAX_MILLIS);
    }

    /** Whether a page failed last and the relay may not take the lock yet. */
    boolean backingOff() {
        return nanoTime.getAsLong() - retryAt < 0;
    }

    /** A page could not be sent: returns how many milliseconds the relay now stays away. */
    synchronized long failed() {
        if (failures == null) {
            failures = backOff.start();
        }
        long millis = failures.nextBackOff();
        retryAt = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(millis);
        return millis;
    }

    /** A page was sent and acknowledged: the link works, the next failure starts from the first delay. */
    synchronized void sent() {
        failures = null;
    }
}
