package io.batchpulse.orchestrator.item;

import static io.batchpulse.orchestrator.item.ItemStatusMachine.sqlFrom;

import io.batchpulse.events.ItemIds;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.item.ItemStatusMachine.Move;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Whole-batch item changes: one statement per chunk of items or per slice of a batch. */
@Component
public class ItemStore {

    // the statements name the partial indexes' flags (ItemFlags) next to the statuses
    private static final String CANCEL_PENDING = """
            UPDATE batch_items SET status = 'cancelled', finished_at = now(), not_before = NULL
            WHERE batch_id = ? AND %s AND status IN %s
            """.formatted(ItemFlags.QUEUED, sqlFrom(Move.CANCEL));

    // A slice joins its picked rows by primary key: written as "id IN (subquery)", a table whose
    // statistics lag a large append can get a plan that runs the subquery once per pending row.
    private static final String CANCEL_PENDING_SLICE = """
            UPDATE batch_items i SET status = 'cancelled', finished_at = now(), not_before = NULL
            FROM (SELECT id FROM batch_items WHERE batch_id = ? AND %1$s AND status IN %2$s
                  ORDER BY idx LIMIT ?) picked
            WHERE i.id = picked.id AND i.%1$s AND i.status IN %2$s
            """.formatted(ItemFlags.QUEUED, sqlFrom(Move.CANCEL));

    private static final String RETRY_FAILED_SLICE = """
            UPDATE batch_items i SET status = 'pending', attempt_base = i.attempt, error = NULL, not_before = NULL,
                   lease_expires_at = NULL, worker_id = NULL, dispatched_at = NULL, started_at = NULL,
                   finished_at = NULL
            FROM (SELECT id FROM batch_items WHERE batch_id = ? AND idx >= ? AND %1$s AND status IN %2$s %3$s
                  ORDER BY idx LIMIT ?) picked
            WHERE i.id = picked.id AND i.%1$s AND i.status IN %2$s
            RETURNING i.idx
            """;
    private static final String FROM_FAILED = sqlFrom(Move.RETRY_FAILED);
    private static final String RETRY_ALL_SLICE = retryFailedSlice("");
    // the two group conditions are separate statements so each can walk the failure-group index
    private static final String RETRY_GROUP_SLICE = retryFailedSlice("AND failure_group = ?");
    private static final String RETRY_UNGROUPED_SLICE = retryFailedSlice("AND failure_group IS NULL");

    private static final String RETRY_FAILED_ITEM = """
            UPDATE batch_items SET status = 'pending', attempt_base = attempt, error = NULL, not_before = NULL,
                   lease_expires_at = NULL, worker_id = NULL, dispatched_at = NULL, started_at = NULL,
                   finished_at = NULL
            WHERE batch_id = ? AND idx = ? AND status IN %s
            """.formatted(FROM_FAILED);

    /** What one slice of a retry-failed moved: {@code next} is the index the next slice starts from. */
    public record Requeued(int items, long next) {
    }

    private final JdbcTemplate jdbc;

    public ItemStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static String retryFailedSlice(String groupCondition) {
        return RETRY_FAILED_SLICE.formatted(ItemFlags.FAILED, FROM_FAILED, groupCondition);
    }

    /**
     * Inserts a chunk of pending items in one statement. Ids come from {@link ItemIds}, so a
     * re-delivered chunk conflicts on the primary key and inserts nothing: the count returned is
     * what really arrived.
     */
    public int insertPending(UUID batchId, long firstIndex, List<NewItem> items) {
        int n = items.size();
        String[] ids = new String[n];
        Long[] indexes = new Long[n];
        String[] labels = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            long index = firstIndex + i;
            ids[i] = ItemIds.of(batchId, index).toString();
            indexes[i] = index;
            labels[i] = items.get(i).label();
            payloads[i] = JsonText.write(items.get(i).payload());
        }
        return jdbc.update("""
                INSERT INTO batch_items (id, batch_id, idx, label, payload, status, attempt)
                SELECT u.id, ?, u.idx, u.label, u.payload, 'pending', 0
                FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::jsonb[]) AS u(id, idx, label, payload)
                ON CONFLICT DO NOTHING
                """, batchId, ids, indexes, labels, payloads);
    }

    /**
     * Copies the next slice of another batch's items into {@code targetId} as pending items, from
     * the target's highest index on: label and payload stay in the database (an INSERT … SELECT),
     * only the indexes pass through here, to derive the new item ids as append-items would.
     *
     * @return how many items were copied (the caller holds the target's row lock, so no slice is
     *         copied twice); fewer than {@code size} when the source has no more
     */
    public int copySlice(UUID sourceId, UUID targetId, int size) {
        Long next = jdbc.queryForObject("SELECT coalesce(max(idx) + 1, 0) FROM batch_items WHERE batch_id = ?",
                Long.class, targetId);
        List<Long> indexes = jdbc.queryForList(
                "SELECT idx FROM batch_items WHERE batch_id = ? AND idx >= ? ORDER BY idx LIMIT ?", Long.class,
                sourceId, next, size);
        if (indexes.isEmpty()) {
            return 0;
        }
        String[] ids = indexes.stream().map(index -> ItemIds.of(targetId, index).toString()).toArray(String[]::new);
        return jdbc.update("""
                INSERT INTO batch_items (id, batch_id, idx, label, payload, status, attempt)
                SELECT u.id, ?, s.idx, s.label, s.payload, 'pending', 0
                FROM unnest(?::uuid[], ?::bigint[]) AS u(id, idx)
                JOIN batch_items s ON s.batch_id = ? AND s.idx = u.idx
                ON CONFLICT DO NOTHING
                """, targetId, ids, indexes.toArray(Long[]::new), sourceId);
    }

    /** Pending items will not run; completed ones and those out with a worker are kept. */
    public int cancelPending(UUID batchId) {
        return jdbc.update(CANCEL_PENDING, batchId);
    }

    /**
     * Cancels at most {@code limit} pending items, lowest index first: a slice of a cancel, so
     * no transaction has to rewrite a million rows. The caller holds the batch row lock.
     */
    public int cancelPendingSlice(UUID batchId, int limit) {
        return jdbc.update(CANCEL_PENDING_SLICE, batchId, limit);
    }

    /** The item's status, empty when the batch has no such item. */
    public Optional<ItemStatus> statusOf(UUID batchId, long index) {
        return jdbc.queryForList("SELECT status FROM batch_items WHERE batch_id = ? AND idx = ?", String.class,
                batchId, index).stream().findFirst().map(ItemStatus::fromWire);
    }

    /** Gives the item a fresh attempt budget if it is failed, as a retry-failed slice would; returns 1 or 0. */
    public int retryFailedItem(UUID batchId, long index) {
        return jdbc.update(RETRY_FAILED_ITEM, batchId, index);
    }

    /**
     * Gives at most {@code limit} failed items from index {@code from} on a fresh attempt budget,
     * lowest index first. Attempt numbers keep rising (the next dispatch is attempt + 1) so every
     * reader can still tell a new attempt's events from an old one's. Walking by index, an item
     * that fails again after its slice is behind the cursor and one retry-failed does not re-queue
     * it twice. The caller holds the batch row lock.
     *
     * @param group the one failure group to re-queue (a key or {@link FailureGroup#UNGROUPED}); null for every failed item
     */
    public Requeued retryFailedSlice(UUID batchId, long from, int limit, String group) {
        List<Long> moved;
        if (group == null) {
            moved = jdbc.queryForList(RETRY_ALL_SLICE, Long.class, batchId, from, limit);
        } else if (FailureGroup.UNGROUPED.equals(group)) {
            moved = jdbc.queryForList(RETRY_UNGROUPED_SLICE, Long.class, batchId, from, limit);
        } else {
            moved = jdbc.queryForList(RETRY_GROUP_SLICE, Long.class, batchId, from, group, limit);
        }
        long next = moved.stream().mapToLong(Long::longValue).max().orElse(from - 1) + 1;
        return new Requeued(moved.size(), next);
    }
}
