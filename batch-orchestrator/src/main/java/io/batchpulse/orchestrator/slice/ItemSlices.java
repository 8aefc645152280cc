package io.batchpulse.orchestrator.slice;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.BatchEndings;
import io.batchpulse.orchestrator.batch.CounterDelta;
import io.batchpulse.orchestrator.item.ItemStore;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A cancel or retry-failed of a large batch, one bounded slice of items per transaction. What is
 * left to do is read from the batch row, so a restart goes on where the last slice committed: a
 * cancelled batch with pending items has a cancel outstanding, a batch with {@code requeue_from}
 * a retry-failed. Every slice moves the counters by the rows it changed, so they stay exact.
 * Callers run each slice in its own transaction and hold the batch row lock, as every writer does.
 */
@Component
public class ItemSlices {

    /** A retry-failed goes on re-queuing only while the batch can still run. */
    private static final Set<BatchStatus> REQUEUING = Set.of(BatchStatus.RUNNING, BatchStatus.PAUSED);

    private final JdbcTemplate jdbc;
    private final ItemStore items;
    private final BatchCounters counters;
    private final BatchEndings endings;
    private final int size;

    public ItemSlices(JdbcTemplate jdbc, ItemStore items, BatchCounters counters, BatchEndings endings,
            OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.items = items;
        this.counters = counters;
        this.endings = endings;
        this.size = properties.slices().size();
    }

    /** Cancels one slice of the batch's pending items; true while more may be left. */
    public boolean cancelSlice(UUID batchId) {
        int cancelled = items.cancelPendingSlice(batchId, size);
        counters.apply(batchId, CounterDelta.cancelledFromPending(cancelled));
        return cancelled == size;
    }

    /**
     * Starts re-queuing the failed items from the lowest index: the first slice now, the rest by
     * {@link SliceSweeper}. Until the last slice the batch cannot complete ({@code requeue_from}).
     *
     * @param group the one failure group to re-queue, kept on the batch for the later slices; null for all
     */
    public void startRequeue(UUID batchId, String group) {
        jdbc.update("UPDATE batch_jobs SET requeue_group = ? WHERE id = ?", group, batchId);
        requeueSlice(batchId, 0, group);
    }

    /** Batches with a cancel or a retry-failed outstanding, in id order. */
    List<UUID> outstanding() {
        return jdbc.queryForList("""
                SELECT id FROM batch_jobs
                WHERE (status = 'cancelled' AND pending > 0) OR requeue_from IS NOT NULL
                ORDER BY id
                """, UUID.class);
    }

    /** Locks the batch and moves its next slice; true while more are left. */
    boolean nextSlice(UUID batchId) {
        record Row(BatchStatus status, long pending, Long requeueFrom, String requeueGroup) {
        }
        Row row = jdbc.queryForObject("""
                SELECT status, pending, requeue_from, requeue_group FROM batch_jobs WHERE id = ? FOR UPDATE
                """, (rs, n) -> new Row(BatchStatus.fromWire(rs.getString("status")), rs.getLong("pending"),
                        rs.getObject("requeue_from", Long.class), rs.getString("requeue_group")), batchId);
        if (row.status() == BatchStatus.CANCELLED && row.pending() > 0) {
            return cancelSlice(batchId) || row.requeueFrom() != null;
        }
        if (row.requeueFrom() == null) {
            return false;
        }
        if (!REQUEUING.contains(row.status())) {
            // cancelled, failed by its deadline or failure policy meanwhile: the rest stays failed
            setRequeueFrom(batchId, null);
            return false;
        }
        return requeueSlice(batchId, row.requeueFrom(), row.requeueGroup());
    }

    private boolean requeueSlice(UUID batchId, long from, String group) {
        ItemStore.Requeued requeued = items.retryFailedSlice(batchId, from, size, group);
        counters.apply(batchId, CounterDelta.requeuedFromFailed(requeued.items()));
        boolean more = requeued.items() == size;
        setRequeueFrom(batchId, more ? requeued.next() : null);
        if (!more) {
            // the re-queued items may all have finished before the last slice
            endings.completeFinished(List.of(batchId));
        }
        return more;
    }

    private void setRequeueFrom(UUID batchId, Long from) {
        jdbc.update("UPDATE batch_jobs SET requeue_from = ? WHERE id = ?", from, batchId);
    }
}
