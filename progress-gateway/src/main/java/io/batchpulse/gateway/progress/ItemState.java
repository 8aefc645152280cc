package io.batchpulse.gateway.progress;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemCancelled;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.model.ItemStatus;
import java.util.List;
import java.util.Optional;

/**
 * What the topology knows about one item: its current attempt, how far that attempt got (rank:
 * dispatched &lt; started &lt; final) and the status it left the item in. Only an event of a newer
 * attempt, or of the same attempt with a higher rank, moves it; so duplicates, late results of
 * older attempts and a second final event of one attempt never move a count, and an attempt's
 * started event arriving after its final one changes nothing.
 *
 * @param generation   the batch's bulk-change generation when this state was written
 * @param failureGroup the failure group's key bits ({@code FailureGroup#keyBits}) while the item is
 *                     failed, so a retry of one group knows its items; 0 otherwise
 */
record ItemState(int attempt, int rank, ItemStatus status, int generation, long failureGroup) {

    ItemState(int attempt, int rank, ItemStatus status, int generation) {
        this(attempt, rank, status, generation, 0);
    }

    static final int DISPATCHED = 1;
    static final int RUNNING = 2;
    static final int FINAL = 3;

    /** The status once the batch's bulk changes newer than this state are applied. */
    ItemStatus effectiveStatus(List<BulkChange> changes) {
        ItemStatus effective = status;
        for (BulkChange change : changes) {
            if (change.generation() > generation) {
                effective = change.apply(effective, failureGroup);
            }
        }
        return effective;
    }

    /**
     * The state after the event, or empty when the event must not move the item.
     *
     * @param previous  the stored state, null for an item not seen before
     * @param effective the previous state's effective status (null with it)
     * @param failureGroup the key bits of the group an item.failed files the item in (else ignored)
     */
    static Optional<ItemState> after(ItemState previous, ItemStatus effective, ItemEvent event, int generation,
            long failureGroup) {
        int rank = rankOf(event);
        if (rank == 0) {
            return Optional.empty();
        }
        boolean moves = previous == null
                || event.attempt() > previous.attempt()
                || (event.attempt() == previous.attempt() && rank > previous.rank())
                // a waiting item (after item.retrying or retry-failed) may be cancelled without a new attempt
                || (event instanceof ItemCancelled && effective == ItemStatus.PENDING
                        && event.attempt() >= previous.attempt());
        if (!moves) {
            return Optional.empty();
        }
        ItemStatus status = statusAfter(event);
        return Optional.of(new ItemState(event.attempt(), rank, status, generation,
                status == ItemStatus.FAILED ? failureGroup : 0));
    }

    private static int rankOf(ItemEvent event) {
        if (event instanceof ItemDispatched) {
            return DISPATCHED;
        }
        if (event instanceof ItemStarted || event instanceof ItemProgress) {
            return RUNNING;
        }
        if (event instanceof ItemCompleted || event instanceof ItemFailed || event instanceof ItemRetrying
                || event instanceof ItemCancelled) {
            return FINAL;
        }
        return 0;
    }

    private static ItemStatus statusAfter(ItemEvent event) {
        if (event instanceof ItemDispatched) {
            return ItemStatus.DISPATCHED;
        }
        if (event instanceof ItemStarted || event instanceof ItemProgress) {
            return ItemStatus.IN_PROGRESS;
        }
        if (event instanceof ItemCompleted) {
            return ItemStatus.COMPLETED;
        }
        if (event instanceof ItemFailed) {
            return ItemStatus.FAILED;
        }
        if (event instanceof ItemRetrying) {
            return ItemStatus.PENDING;
        }
        return ItemStatus.CANCELLED;
    }
}
