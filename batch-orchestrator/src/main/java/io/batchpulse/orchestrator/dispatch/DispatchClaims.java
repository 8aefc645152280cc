package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.CounterDelta;
import io.batchpulse.orchestrator.batch.Stage;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The database side of dispatch: mark items dispatched (attempt + 1, lease) or put them back. */
@Component
class DispatchClaims {

    /** A running batch's window (and where it is, for its stage) as locked at the start of a tick. */
    record Window(UUID batchId, long pending, long inFlight, int maxInFlight, long total, Stage stage) {

        /** Free slots of the window, but no more than there are items to fill them. */
        int credit() {
            return (int) Math.max(0, Math.min(pending, maxInFlight - inFlight));
        }
    }

    private final JdbcTemplate jdbc;
    private final BatchCounters counters;

    DispatchClaims(JdbcTemplate jdbc, BatchCounters counters) {
        this.jdbc = jdbc;
        this.counters = counters;
    }

    /**
     * Locks the candidate batches in id order and returns the windows of those still running: a
     * pause or cancel committed a moment ago is seen here, so no item of it leaves.
     */
    List<Window> lockRunning(List<UUID> candidates) {
        return jdbc.query("""
                SELECT id, pending, in_flight, (options->>'maxInFlight')::int AS max_in_flight, total, stage
                FROM batch_jobs
                WHERE id = ANY(?::uuid[]) AND status = 'running'
                ORDER BY id FOR UPDATE
                """, (rs, n) -> new Window(Rows.uuid(rs, "id"), rs.getLong("pending"),
                        rs.getLong("in_flight"), rs.getInt("max_in_flight"), rs.getLong("total"),
                        Stage.fromWire(rs.getString("stage"))),
                (Object) SqlArrays.uuids(candidates));
    }

    /** Claims up to the quota of pending, due items per batch, lowest index first, in one statement. */
    List<Claimed> claim(Map<UUID, Integer> quota) {
        if (quota.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = new ArrayList<>(quota.keySet());
        Integer[] limits = ids.stream().map(quota::get).toArray(Integer[]::new);
        List<Claimed> claimed = jdbc.query("""
                WITH picked AS (
                    SELECT p.id FROM unnest(?::uuid[], ?::int[]) AS q(batch_id, n)
                    CROSS JOIN LATERAL (
                        SELECT i.id FROM batch_items i
                        WHERE i.batch_id = q.batch_id AND i.status = 'pending'
                          AND (i.not_before IS NULL OR i.not_before <= now())
                        ORDER BY i.idx LIMIT q.n
                        FOR UPDATE SKIP LOCKED) p
                )
                UPDATE batch_items i SET status = 'dispatched', attempt = i.attempt + 1, dispatched_at = now(),
                       lease_expires_at = now() + (b.options->>'itemTimeout')::interval,
                       started_at = NULL, worker_id = NULL, not_before = NULL
                FROM picked, batch_jobs b
                WHERE i.id = picked.id AND b.id = i.batch_id
                RETURNING i.id, i.batch_id, i.idx, i.attempt, i.attempt_base, i.label, i.payload::text AS payload,
                          i.dispatched_at
                """, (rs, n) -> new Claimed(Rows.uuid(rs, "id"), Rows.uuid(rs, "batch_id"), rs.getLong("idx"),
                rs.getInt("attempt"), rs.getInt("attempt_base"), rs.getString("label"), rs.getString("payload"),
                Rows.instant(rs, "dispatched_at")), SqlArrays.uuids(ids), limits);
        counters.apply(perBatch(claimed, CounterDelta::dispatched));
        return claimed;
    }

    /**
     * Puts items whose dispatch record could not be sent back to pending with their previous
     * attempt, unless something already moved them (then the attempt no longer matches).
     */
    void revert(List<Claimed> items) {
        List<UUID> batchIds = items.stream().map(Claimed::batchId).distinct().toList();
        counters.lockInOrder(batchIds);
        List<Claimed> sorted = items.stream().sorted(java.util.Comparator.comparing(Claimed::itemId)).toList();
        List<UUID> reverted = jdbc.query("""
                UPDATE batch_items i SET status = 'pending', attempt = i.attempt - 1, lease_expires_at = NULL,
                       dispatched_at = NULL
                FROM unnest(?::uuid[], ?::int[]) AS u(id, attempt)
                WHERE i.id = u.id AND i.attempt = u.attempt AND i.status = 'dispatched'
                RETURNING i.batch_id
                """, (rs, n) -> Rows.uuid(rs, "batch_id"),
                sorted.stream().map(c -> c.itemId().toString()).toArray(String[]::new),
                sorted.stream().map(Claimed::attempt).toArray(Integer[]::new));
        Map<UUID, CounterDelta> deltas = new HashMap<>();
        reverted.forEach(batchId -> deltas.merge(batchId, CounterDelta.dispatched(-1), CounterDelta::plus));
        counters.apply(deltas);
    }

    private static Map<UUID, CounterDelta> perBatch(List<Claimed> claimed,
            java.util.function.LongFunction<CounterDelta> kind) {
        Map<UUID, Long> counts = new HashMap<>();
        claimed.forEach(c -> counts.merge(c.batchId(), 1L, Long::sum));
        Map<UUID, CounterDelta> deltas = new HashMap<>();
        counts.forEach((batchId, n) -> deltas.put(batchId, kind.apply(n)));
        return deltas;
    }
}
