package io.batchpulse.orchestrator.limit;

import io.batchpulse.orchestrator.OrchestratorProperties;
import java.time.Duration;
import java.time.Instant;

/**
 * A shared limit as the dispatcher sees it under the limit's row lock: what is in flight over all
 * its batches, its token bucket and an upstream's Retry-After. Times are the database's, so every
 * orchestrator instance measures the bucket on one clock.
 *
 * @param tokens     the bucket as stored, before the refill since {@code refilledAt}
 * @param inFlight   items of the limit's batches dispatched and not yet finished or expired
 * @param now        the database's time of the dispatching transaction
 */
public record LimitState(String name, double tokens, Instant refilledAt, Instant blockedUntil, long inFlight,
        Instant now) {

    /** How many items may leave now: none while blocked, else what both bounds leave free. */
    public int capacity(OrchestratorProperties.Limit limit) {
        if (blockedUntil != null && now.isBefore(blockedUntil)) {
            return 0;
        }
        long concurrent = limit.maxConcurrent() == null ? Integer.MAX_VALUE
                : Math.max(0, limit.maxConcurrent() - inFlight);
        long rate = limit.perSecond() == null ? Integer.MAX_VALUE : (long) Math.floor(tokensNow(limit));
        return (int) Math.max(0, Math.min(concurrent, rate));
    }

    /**
     * The bucket refilled up to now. It holds at most a tenth of a second of items (at least one),
     * as a batch's own itemsPerSecond does, so a limit is a rate and not a burst every second.
     */
    public double tokensNow(OrchestratorProperties.Limit limit) {
        if (limit.perSecond() == null) {
            return tokens;
        }
        double bucket = Math.max(1.0, limit.perSecond() / 10);
        double elapsed = Math.max(0, Duration.between(refilledAt, now).toNanos() / 1e9);
        return Math.min(bucket, tokens + elapsed * limit.perSecond());
    }
}
