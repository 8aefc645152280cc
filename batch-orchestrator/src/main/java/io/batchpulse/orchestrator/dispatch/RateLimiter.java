package io.batchpulse.orchestrator.dispatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Token buckets for batches with {@code itemsPerSecond}. Kept in memory on the dispatcher
 * thread only: after a restart a batch starts with a full (small) bucket, which is harmless. The
 * bucket holds at most a tenth of a second of items (at least one), so a rate limit is a rate,
 * not a burst every second.
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    private final Map<UUID, Bucket> buckets = new HashMap<>();

    /** Whole items the batch may dispatch now; unlimited when it has no rate. */
    int available(UUID batchId, Double itemsPerSecond, long nowNanos) {
        if (itemsPerSecond == null) {
            return Integer.MAX_VALUE;
        }
        double capacity = Math.max(1.0, itemsPerSecond / 10);
        Bucket bucket = buckets.computeIfAbsent(batchId, id -> {
            Bucket fresh = new Bucket();
            fresh.tokens = 1;
            fresh.refilledAt = nowNanos;
            return fresh;
        });
        double elapsedSeconds = (nowNanos - bucket.refilledAt) / 1e9;
        bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * itemsPerSecond);
        bucket.refilledAt = nowNanos;
        return (int) Math.floor(bucket.tokens);
    }

    void consume(UUID batchId, int items) {
        Bucket bucket = buckets.get(batchId);
        if (bucket != null) {
            bucket.tokens -= items;
        }
    }

    /** Forgets batches that are no longer dispatching. */
    void retainOnly(Collection<UUID> batchIds) {
        buckets.keySet().retainAll(batchIds);
    }
}
