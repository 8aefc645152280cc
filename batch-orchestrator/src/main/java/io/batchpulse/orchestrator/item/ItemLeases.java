package io.batchpulse.orchestrator.item;

import static io.batchpulse.orchestrator.item.ItemStatusMachine.sqlFrom;

import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.item.ItemStatusMachine.Move;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Items whose worker went silent: out with a worker past their lease. An expired attempt goes
 * back to pending while the item has attempts left and fails for good otherwise.
 */
@Component
public class ItemLeases {

    private static final String OUT_WITH_A_WORKER = sqlFrom(Move.RETRY, Move.FAIL);

    private static final String EXPIRE = """
            UPDATE batch_items i
            SET status = CASE WHEN i.attempt - i.attempt_base < (b.options->>'maxAttempts')::int
                              THEN 'pending' ELSE 'failed' END,
                finished_at = CASE WHEN i.attempt - i.attempt_base < (b.options->>'maxAttempts')::int
                                   THEN NULL ELSE now() END,
                error = jsonb_build_object('code', 'LEASE_EXPIRED',
                        'message', 'no result within itemTimeout ' || (b.options->>'itemTimeout'),
                        'details', '[]'::jsonb),
                lease_expires_at = NULL, not_before = NULL
            FROM batch_jobs b
            WHERE i.id IN (SELECT id FROM batch_items
                           WHERE status IN %s AND lease_expires_at < now()
                             AND batch_id = ANY(?::uuid[])
                           ORDER BY id LIMIT ? FOR UPDATE)
              AND b.id = i.batch_id
            RETURNING i.id, i.batch_id, i.idx, i.attempt, i.label, i.worker_id, i.status,
                      b.options->>'itemTimeout' AS item_timeout
            """.formatted(OUT_WITH_A_WORKER);

    private static final String GROUP = """
            UPDATE batch_items i SET failure_group = u.failure_group
            FROM unnest(?::uuid[], ?::text[]) AS u(id, failure_group)
            WHERE i.id = u.id AND i.status = 'failed'
            """;

    private final JdbcTemplate jdbc;

    ItemLeases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The batches that have at least one expired lease, so the caller can lock them first. */
    public List<UUID> batchesWithExpiredLeases() {
        return jdbc.queryForList("""
                SELECT DISTINCT batch_id FROM batch_items
                WHERE status IN %s AND lease_expires_at < now()
                """.formatted(OUT_WITH_A_WORKER), UUID.class);
    }

    /** Expires at most {@code maxItems} leases of these (locked) batches, in item id order. */
    public List<ExpiredItem> expireLeases(List<UUID> batchIds, int maxItems) {
        return jdbc.query(EXPIRE, (rs, n) -> new ExpiredItem(Rows.uuid(rs, "id"), Rows.uuid(rs, "batch_id"),
                rs.getLong("idx"), rs.getInt("attempt"), rs.getString("label"), rs.getString("worker_id"),
                "pending".equals(rs.getString("status")), rs.getString("item_timeout")),
                SqlArrays.uuids(batchIds), maxItems);
    }

    /**
     * Files the items that failed for good by their expiry into their failure groups: the group is
     * computed from the error message the sweeper reports (see {@code FailureGroup}), not in SQL.
     */
    public void groupFailed(Map<UUID, String> groupByItem) {
        if (groupByItem.isEmpty()) {
            return;
        }
        List<UUID> ids = groupByItem.keySet().stream().sorted().toList();
        jdbc.update(GROUP, SqlArrays.uuids(ids), ids.stream().map(groupByItem::get).toArray(String[]::new));
    }
}
