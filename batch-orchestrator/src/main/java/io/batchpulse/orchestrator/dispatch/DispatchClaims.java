package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.CounterDelta;
import io.batchpulse.orchestrator.batch.Stage;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.item.ClaimedItem;
import io.batchpulse.orchestrator.item.ItemClaims;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database side of dispatch: lock the running batches' windows, claim their items (or put
 * them back) and keep the batch counters in step with the item rows that really moved.
 */
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
    private final ItemClaims items;

    DispatchClaims(JdbcTemplate jdbc, BatchCounters counters, ItemClaims items) {
        this.jdbc = jdbc;
        this.counters = counters;
        this.items = items;
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

    /** Claims up to the quota of items per batch; the caller holds the windows' locks. */
    List<ClaimedItem> claim(Map<UUID, Integer> quota) {
        List<ClaimedItem> claimed = items.claimForDispatch(quota);
        counters.apply(CounterDelta.perBatch(claimed.stream().map(ClaimedItem::batchId).toList(), CounterDelta::dispatched));
        return claimed;
    }

    /** Puts items whose dispatch record could not be sent back to pending, in a transaction of its own. */
    void revert(List<ClaimedItem> claimed) {
        counters.lockInOrder(claimed.stream().map(ClaimedItem::batchId).distinct().toList());
        counters.apply(CounterDelta.perBatch(items.unclaim(claimed), n -> CounterDelta.dispatched(-n)));
    }
}
