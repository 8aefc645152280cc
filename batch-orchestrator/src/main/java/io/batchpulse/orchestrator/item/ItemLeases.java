package io.batchpulse.orchestrator.item;

import static io.batchpulse.orchestrator.item.ItemStatusMachine.sqlFrom;

import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.item.ItemStatusMachine.Move;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Items whose worker went silent: out with a worker past their lease. Expiring one only takes
 * its lease away (so it is not expired twice) and says whether the attempt would be retried or
 * fail for good; the item's row moves when the result recorder reads the expiry back from
 * batch-events. A result and an expiry of one attempt are then decided by their order on the
 * topic, as the gateway's progress fold decides them: the first final event of an attempt wins.
 */
@Component
public class ItemLeases {

    private static final String OUT_WITH_A_WORKER = sqlFrom(Move.RETRY, Move.FAIL);

    // Both statements walk the in_flight index (ItemFlags) and check each row's lease: the lease is
    // not an index key any more, so that a renewal is a HOT update. The rows walked are the ones out
    // with a worker, at most the running batches' maxInFlight together.
    private static final String EXPIRE = """
            UPDATE batch_items i SET lease_expires_at = NULL
            FROM batch_jobs b
            WHERE i.id IN (SELECT id FROM batch_items
                           WHERE %s AND status IN %s AND lease_expires_at < now()
                             AND batch_id = ANY(?::uuid[])
                           ORDER BY id LIMIT ? FOR UPDATE)
              AND b.id = i.batch_id
            RETURNING i.id, i.batch_id, i.idx, i.attempt, i.label, i.worker_id,
                      i.attempt - i.attempt_base < (b.options->>'maxAttempts')::int AS attempts_left,
                      i.status = 'in_progress' AS started,
                      b.options->>'itemTimeout' AS item_timeout
            """.formatted(ItemFlags.IN_FLIGHT, OUT_WITH_A_WORKER);

    private static final String EXPIRED_BATCHES = """
            SELECT DISTINCT batch_id FROM batch_items
            WHERE %s AND status IN %s AND lease_expires_at < now()
            """.formatted(ItemFlags.IN_FLIGHT, OUT_WITH_A_WORKER);

    private final JdbcTemplate jdbc;

    ItemLeases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The batches that have at least one expired lease. */
    public List<UUID> batchesWithExpiredLeases() {
        return jdbc.queryForList(EXPIRED_BATCHES, UUID.class);
    }

    /**
     * Expires at most {@code maxItems} leases of these batches, in item id order; the caller
     * publishes each one's item.retrying or item.failed.
     */
    public List<ExpiredItem> expireLeases(List<UUID> batchIds, int maxItems) {
        return jdbc.query(EXPIRE, (rs, n) -> new ExpiredItem(Rows.uuid(rs, "id"), Rows.uuid(rs, "batch_id"),
                rs.getLong("idx"), rs.getInt("attempt"), rs.getString("label"), rs.getString("worker_id"),
                rs.getBoolean("attempts_left"), rs.getBoolean("started"), rs.getString("item_timeout")),
                SqlArrays.uuids(batchIds), maxItems);
    }
}
