package io.batchpulse.orchestrator.outbox;

import io.batchpulse.orchestrator.db.Sampled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * batchpulse.outbox.backlog (rows not yet relayed) and batchpulse.outbox.oldest.age (seconds the
 * oldest of them has waited). The relay empties the outbox every dispatch tick, so both stay near
 * zero; a backlog that ages means the broker does not take the events. Read at most every 5 s.
 */
@Component
class OutboxMetrics {

    private record Backlog(long rows, double oldestAgeSeconds) {
    }

    /** Held here: a gauge keeps only a weak reference to its state object. */
    private final Sampled<Backlog> backlog;

    OutboxMetrics(MeterRegistry meters, JdbcTemplate jdbc) {
        backlog = new Sampled<>(() -> jdbc.queryForObject("""
                SELECT count(*) AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS age FROM outbox
                """, (rs, n) -> new Backlog(rs.getLong("rows"), rs.getDouble("age"))), Duration.ofSeconds(5));
        Gauge.builder("batchpulse.outbox.backlog", this, m -> m.backlog.get().rows())
                .description("outbox rows not yet relayed to Kafka").register(meters);
        Gauge.builder("batchpulse.outbox.oldest.age", this, m -> m.backlog.get().oldestAgeSeconds())
                .description("seconds the oldest outbox row has waited").baseUnit("seconds").register(meters);
    }
}
