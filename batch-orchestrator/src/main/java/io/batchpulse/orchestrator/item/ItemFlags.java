package io.batchpulse.orchestrator.item;

import io.batchpulse.events.model.ItemStatus;
import java.util.Optional;

/**
 * The stored generated flags of batch_items (migration V12) that the partial indexes are built on
 * instead of status, so that an update keeping every flag (a start, a lease renewal) is HOT. The
 * planner cannot derive a flag from a status condition: a statement that wants one of these
 * indexes names the flag as well as the status. The statements take the columns' names from here,
 * and ItemFlagsTests checks them and {@link #of} against the migration's definitions.
 */
public final class ItemFlags {

    /** Pending items: the claim's and a cancel's index (batch_id, idx). */
    public static final String QUEUED = "queued";
    /** Items out with a worker (dispatched, in_progress): the lease sweep's index (batch_id). */
    public static final String IN_FLIGHT = "in_flight";
    /** Failed items: the failures report's and a retry's index (batch_id, failure_group, idx). */
    public static final String FAILED = "failed";

    private ItemFlags() {
    }

    /**
     * The flag true for every row in this status, for a status filter to add so that it can use the
     * flag's partial index: queued (pending; index on batch_id, idx), in_flight (dispatched or in_progress;
     * index on batch_id), failed (index on batch_id, failure_group, idx). Empty for final statuses
     * other than failed, which have no index of their own.
     */
    public static Optional<String> of(ItemStatus status) {
        return switch (status) {
            case PENDING -> Optional.of(QUEUED);
            case DISPATCHED, IN_PROGRESS -> Optional.of(IN_FLIGHT);
            case FAILED -> Optional.of(FAILED);
            case COMPLETED, CANCELLED -> Optional.empty();
        };
    }
}
