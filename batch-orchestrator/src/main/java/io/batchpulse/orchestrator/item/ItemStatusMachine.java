package io.batchpulse.orchestrator.item;

import io.batchpulse.events.model.ItemStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The only place that decides which status an item may move to, as {@code BatchStatusMachine}
 * does for batches. Items move in bulk SQL, so the statements of this package take their
 * {@code status IN (...)} conditions from here: a row that is not in a move's source status
 * matches nothing, which is how a late, duplicate or stale event is ignored.
 *
 * <pre>
 * pending                 --claim-->         dispatched
 * dispatched              --unclaim-->       pending      (its dispatch record could not be sent)
 * dispatched, in_progress --start-->         in_progress  (item.started, item.progress)
 * dispatched, in_progress --complete-->      completed
 * dispatched, in_progress --fail-->          failed       (item.failed; lease expired, no attempt left)
 * dispatched, in_progress --retry-->         pending      (item.retrying; lease expired, attempts left)
 * pending                 --cancel-->        cancelled
 * failed                  --retry-failed-->  pending
 * </pre>
 */
final class ItemStatusMachine {

    /** What happens to an item row: the status it leads to, then the statuses it may start from. */
    enum Move {
        CLAIM(ItemStatus.DISPATCHED, ItemStatus.PENDING),
        UNCLAIM(ItemStatus.PENDING, ItemStatus.DISPATCHED),
        START(ItemStatus.IN_PROGRESS, ItemStatus.DISPATCHED, ItemStatus.IN_PROGRESS),
        COMPLETE(ItemStatus.COMPLETED, ItemStatus.DISPATCHED, ItemStatus.IN_PROGRESS),
        FAIL(ItemStatus.FAILED, ItemStatus.DISPATCHED, ItemStatus.IN_PROGRESS),
        RETRY(ItemStatus.PENDING, ItemStatus.DISPATCHED, ItemStatus.IN_PROGRESS),
        CANCEL(ItemStatus.CANCELLED, ItemStatus.PENDING),
        RETRY_FAILED(ItemStatus.PENDING, ItemStatus.FAILED);

        private final ItemStatus to;
        private final Set<ItemStatus> from;

        Move(ItemStatus to, ItemStatus first, ItemStatus... rest) {
            this.to = to;
            this.from = EnumSet.of(first, rest);
        }
    }

    private ItemStatusMachine() {
    }

    /** The status the move leads to, or empty when an item in that status does not take it. */
    static Optional<ItemStatus> next(ItemStatus from, Move move) {
        return move.from.contains(from) ? Optional.of(move.to) : Optional.empty();
    }

    static boolean allows(ItemStatus from, Move move) {
        return next(from, move).isPresent();
    }

    /** Every status that takes one of these moves, as an SQL list: {@code ('dispatched', 'in_progress')}. */
    static String sqlFrom(Move... moves) {
        EnumSet<ItemStatus> from = EnumSet.noneOf(ItemStatus.class);
        Arrays.stream(moves).forEach(move -> from.addAll(move.from));
        return from.stream().map(status -> "'" + status.wire() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
