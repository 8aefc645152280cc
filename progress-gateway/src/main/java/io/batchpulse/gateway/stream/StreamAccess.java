package io.batchpulse.gateway.stream;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.progress.ConfigRecap;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.auth.CallerArgumentResolver;
import io.batchpulse.gateway.batch.BatchQueries;
import io.batchpulse.gateway.progress.SnapshotStore;
import io.batchpulse.gateway.stream.ticket.StreamTickets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may watch a batch, decided before any event is written: the caller (bearer token, else
 * stream ticket, else 401), and the batch's owner from its snapshot (no orchestrator call per
 * viewer), or from the orchestrator when there is no snapshot yet. Someone else's batch is 404, as
 * an unknown one is.
 */
@Component
class StreamAccess {

    private final CallerArgumentResolver callers;
    private final StreamTickets tickets;
    private final SnapshotStore snapshots;
    private final BatchQueries batches;

    StreamAccess(CallerArgumentResolver callers, StreamTickets tickets, SnapshotStore snapshots, BatchQueries batches) {
        this.callers = callers;
        this.tickets = tickets;
        this.snapshots = snapshots;
        this.batches = batches;
    }

    Caller caller(UUID batchId, String ticket, boolean resuming) {
        return tickets.callerOf(callers.current(), ticket, batchId, StreamTickets.Purpose.STREAM, resuming);
    }

    /**
     * The batch's current snapshot if the caller may see it; a snapshot made from the
     * orchestrator's view (version 0, sourceOffset -1) while the topology has none yet.
     */
    ProgressSnapshot visibleSnapshot(Caller caller, UUID batchId) {
        Optional<ProgressSnapshot> snapshot = snapshots.find(batchId);
        if (snapshot.isPresent() && snapshot.get().owner() != null) {
            if (!caller.mayAccess(snapshot.get().owner())) {
                throw BatchQueries.notFound(batchId);
            }
            return snapshot.get();
        }
        return fromView(batches.visibleBatch(caller, batchId));
    }

    static ProgressSnapshot fromView(BatchView view) {
        long finished = view.completedItems() + view.failedItems() + view.cancelledItems();
        double progress = view.totalItems() == 0 ? 0 : Math.min(1.0, (double) finished / view.totalItems());
        return new ProgressSnapshot(view.id(), SchemaVersion.CURRENT, 0, -1, null, view.name(), view.owner(),
                view.status(), view.statusReason(), null, view.totalItems(), view.pendingItems(),
                view.inProgressItems(), view.completedItems(), view.failedItems(), view.cancelledItems(), progress,
                Math.floor(progress * 1000) / 10.0, view.createdAt(), view.startedAt(), view.finishedAt(),
                view.finishedAt() != null ? view.finishedAt() : view.startedAt(), 0, null, null, null, List.of(), null,
                List.of(), List.of(), new ConfigRecap(view.processor(), null, null, null, null, null, null), null, null);
    }
}
