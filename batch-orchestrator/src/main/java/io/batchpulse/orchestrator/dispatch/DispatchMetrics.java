package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.db.Sampled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the dispatcher does and what waits for it: batchpulse.dispatch.items (items sent),
 * batchpulse.dispatch.lag (seconds since the dispatcher last finished a tick: a tick interval
 * when healthy, growing while the loop is stuck on the database or the broker),
 * batchpulse.dispatch.pending / .ready (items of running batches waiting, and those their
 * windows have room for now) and batchpulse.batches.running. The database gauges read the batch
 * counters of running batches only (a partial index) and at most once per {@link #SAMPLE}.
 */
@Component
class DispatchMetrics {

    static final Duration SAMPLE = Duration.ofSeconds(5);

    private record Waiting(long running, long pending, long ready) {
    }

    private final Counter dispatched;
    /** Held here: a gauge keeps only a weak reference to its state object. */
    private final Sampled<Waiting> waiting;
    private volatile long lastTick = System.nanoTime();

    DispatchMetrics(MeterRegistry meters, JdbcTemplate jdbc) {
        dispatched = Counter.builder("batchpulse.dispatch.items")
                .description("items sent to item-dispatch (attempts, re-dispatches included)").register(meters);
        Gauge.builder("batchpulse.dispatch.lag", this, metrics -> metrics.secondsSinceLastTick())
                .description("seconds since the dispatcher last finished a tick").baseUnit("seconds").register(meters);
        waiting = new Sampled<>(() -> jdbc.queryForObject("""
                SELECT count(*) AS running, coalesce(sum(pending), 0) AS pending,
                       coalesce(sum(least(pending, greatest(0, (options->>'maxInFlight')::bigint - in_flight))), 0) AS ready
                FROM batch_jobs WHERE status = 'running'
                """, (rs, n) -> new Waiting(rs.getLong("running"), rs.getLong("pending"), rs.getLong("ready"))),
                SAMPLE);
        Gauge.builder("batchpulse.batches.running", this, m -> m.waiting.get().running())
                .description("batches in status running").register(meters);
        Gauge.builder("batchpulse.dispatch.pending", this, m -> m.waiting.get().pending())
                .description("pending items of running batches").register(meters);
        Gauge.builder("batchpulse.dispatch.ready", this, m -> m.waiting.get().ready())
                .description("pending items of running batches whose window has room for them now").register(meters);
    }

    void ticked(int itemsDispatched) {
        dispatched.increment(itemsDispatched);
        lastTick = System.nanoTime();
    }

    private double secondsSinceLastTick() {
        return (System.nanoTime() - lastTick) / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
