package io.batchpulse.worker.attempt;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The delay the orchestrator waits before dispatching the next attempt of an item that failed
 * with a retryable error: the exponential backoff's n-th interval after attempt n failed.
 */
final class RetryBackoff {

    /** Beyond this many steps every exponential backoff has long reached its maximum interval. */
    private static final int MAX_STEPS = 64;

    private final BackOff backOff;
    private final long maxInterval;

    RetryBackoff(ExponentialBackOff backOff) {
        this.backOff = backOff;
        this.maxInterval = backOff.getMaxInterval();
    }

    long delayAfterAttemptMs(int failedAttempt) {
        BackOffExecution execution = backOff.start();
        long delay = maxInterval;
        for (int step = 0; step < Math.max(1, Math.min(failedAttempt, MAX_STEPS)); step++) {
            delay = execution.nextBackOff();
            if (delay == BackOffExecution.STOP) {
                return maxInterval;
            }
        }
        return delay;
    }
}
