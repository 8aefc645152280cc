package io.batchpulse.orchestrator.item;

import static io.batchpulse.orchestrator.item.ItemStatusMachine.sqlFrom;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.item.ItemStatusMachine.Move;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The item side of dispatch: claim pending items (attempt + 1, a lease until a worker starts it:
 * the larger of the batch's itemTimeout and {@code orchestrator.lease.start-timeout}), put back those whose
 * dispatch record could not be sent, and page through what is still dispatched after a restart.
 * Callers hold the batch row locks and keep the batch counters in step.
 */
@Component
public class ItemClaims {

    // queued and in_flight name the partial indexes' flags (ItemFlags) next to the statuses
    private static final String CLAIM = """
            WITH picked AS (
                SELECT p.id FROM unnest(?::uuid[], ?::int[]) AS q(batch_id, n)
                CROSS JOIN LATERAL (
                    SELECT i.id FROM batch_items i
                    WHERE i.batch_id = q.batch_id AND i.%s AND i.status IN %s
                      AND (i.not_before IS NULL OR i.not_before <= now())
                    ORDER BY i.idx LIMIT q.n
                    FOR UPDATE SKIP LOCKED) p
            )
            UPDATE batch_items i SET status = 'dispatched', attempt = i.attempt + 1, dispatched_at = now(),
                   lease_expires_at = now() + greatest((b.options->>'itemTimeout')::interval, ?::interval),
                   started_at = NULL, worker_id = NULL, not_before = NULL
            FROM picked, batch_jobs b
            WHERE i.id = picked.id AND b.id = i.batch_id
            RETURNING i.id, i.batch_id, i.idx, i.attempt, i.attempt_base, i.label, i.payload::text AS payload,
                      i.dispatched_at
            """.formatted(ItemFlags.QUEUED, sqlFrom(Move.CLAIM));

    private static final String UNCLAIM = """
            UPDATE batch_items i SET status = 'pending', attempt = i.attempt - 1, lease_expires_at = NULL,
                   dispatched_at = NULL
            FROM unnest(?::uuid[], ?::int[]) AS u(id, attempt)
            WHERE i.id = u.id AND i.attempt = u.attempt AND i.status IN %s
            RETURNING i.batch_id
            """.formatted(sqlFrom(Move.UNCLAIM));

    private static final String STILL_DISPATCHED = """
            SELECT id, batch_id, idx, attempt, attempt_base, label, payload::text AS payload, dispatched_at
            FROM batch_items
            WHERE %s AND status = 'dispatched' AND batch_id = ANY(?::uuid[]) AND id > ?::uuid
            ORDER BY id LIMIT ?
            """.formatted(ItemFlags.IN_FLIGHT);

    private final JdbcTemplate jdbc;
    private final String startTimeout;

    ItemClaims(JdbcTemplate jdbc, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.startTimeout = properties.lease().startTimeout().toMillis() + " milliseconds";
    }

    /** Claims up to the quota of pending, due items per batch, lowest index first, in one statement. */
    public List<ClaimedItem> claimForDispatch(Map<UUID, Integer> quota) {
        if (quota.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = new ArrayList<>(quota.keySet());
        Integer[] limits = ids.stream().map(quota::get).toArray(Integer[]::new);
        return jdbc.query(CLAIM, ItemClaims::claimed, SqlArrays.uuids(ids), limits, startTimeout);
    }

    /**
     * Puts items whose dispatch record could not be sent back to pending with their previous
     * attempt, unless something already moved them (then the attempt no longer matches).
     *
     * @return the batch id of every item that really went back (one entry per item)
     */
    public List<UUID> unclaim(List<ClaimedItem> items) {
        List<ClaimedItem> sorted = items.stream().sorted(Comparator.comparing(ClaimedItem::itemId)).toList();
        return jdbc.query(UNCLAIM, (rs, n) -> Rows.uuid(rs, "batch_id"),
                sorted.stream().map(c -> c.itemId().toString()).toArray(String[]::new),
                sorted.stream().map(ClaimedItem::attempt).toArray(Integer[]::new));
    }

    /**
     * Items of these batches dispatched but not started, in id order after {@code afterId}: a page
     * of at most {@code limit}.
     */
    public List<ClaimedItem> stillDispatched(List<UUID> batchIds, String afterId, int limit) {
        return jdbc.query(STILL_DISPATCHED, ItemClaims::claimed, SqlArrays.uuids(batchIds), afterId, limit);
    }

    private static ClaimedItem claimed(ResultSet rs, int n) throws SQLException {
        return new ClaimedItem(Rows.uuid(rs, "id"), Rows.uuid(rs, "batch_id"), rs.getLong("idx"),
                rs.getInt("attempt"), rs.getInt("attempt_base"), rs.getString("label"), rs.getString("payload"),
                Rows.instant(rs, "dispatched_at"));
    }
}
