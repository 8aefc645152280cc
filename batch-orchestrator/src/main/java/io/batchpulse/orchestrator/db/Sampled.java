package io.batchpulse.orchestrator.db;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A query result reused for a while: gauges that read PostgreSQL are sampled by every scrape of
 * every Prometheus server (and by several meters at once), but cost one query per {@code maxAge}.
 */
public final class Sampled<T> {

    private final Supplier<T> query;
    private final long maxAgeNanos;
    private T value;
    private long readAt;

    public Sampled(Supplier<T> query, Duration maxAge) {
        this.query = query;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - readAt >= maxAgeNanos) {
            value = query.get();
            readAt = now;
        }
        return value;
    }
}
