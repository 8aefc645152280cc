package io.batchpulse.orchestrator.batch;

import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Bulk access to batch rows by plain SQL: locks in id order, counter updates, counts. */
@Component
public class BatchCounters {

    /** Counts of a batch as batch.completed reports them. */
    public record Counts(long total, long pending, long inFlight, long completed, long failed, long cancelled,
            Instant startedAt) {
    }

    private final JdbcTemplate jdbc;

    public BatchCounters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the batch rows in id order. Every writer does this before touching item rows, so two
     * transactions over overlapping batches queue instead of deadlocking.
     */
    public List<UUID> lockInOrder(Collection<UUID> batchIds) {
        if (batchIds.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("SELECT id FROM batch_jobs WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE",
                UUID.class, (Object) SqlArrays.uuids(batchIds));
    }

    public void apply(UUID batchId, CounterDelta delta) {
        apply(Map.of(batchId, delta));
    }

    /** One statement for all batches, applied in id order. */
    public void apply(Map<UUID, CounterDelta> deltas) {
        Map<UUID, CounterDelta> sorted = new TreeMap<>(deltas);
        sorted.values().removeIf(CounterDelta.NONE::equals);
        if (sorted.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        Long[][] columns = new Long[5][sorted.size()];
        int i = 0;
        for (var entry : sorted.entrySet()) {
            ids.add(entry.getKey().toString());
            CounterDelta d = entry.getValue();
            columns[0][i] = d.pending();
            columns[1][i] = d.inFlight();
            columns[2][i] = d.completed();
            columns[3][i] = d.failed();
            columns[4][i] = d.cancelled();
            i++;
        }
        jdbc.update("""
                UPDATE batch_jobs b SET pending = b.pending + d.pending, in_flight = b.in_flight + d.in_flight,
                       completed = b.completed + d.completed, failed = b.failed + d.failed,
                       cancelled = b.cancelled + d.cancelled
                FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                     AS d(id, pending, in_flight, completed, failed, cancelled)
                WHERE b.id = d.id
                """, ids.toArray(String[]::new), columns[0], columns[1], columns[2], columns[3], columns[4]);
    }

    public void addAppended(UUID batchId, long inserted) {
        jdbc.update("UPDATE batch_jobs SET total = total + ?, pending = pending + ? WHERE id = ?",
                inserted, inserted, batchId);
    }

    public Counts counts(UUID batchId) {
        return jdbc.queryForObject("""
                SELECT total, pending, in_flight, completed, failed, cancelled, started_at
                FROM batch_jobs WHERE id = ?
                """, (rs, n) -> new Counts(rs.getLong("total"), rs.getLong("pending"), rs.getLong("in_flight"),
                rs.getLong("completed"), rs.getLong("failed"), rs.getLong("cancelled"), Rows.instant(rs, "started_at")),
                batchId);
    }
}
