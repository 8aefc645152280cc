package io.batchpulse.gateway.progress;

import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.model.ItemStatus;

/**
 * A change a batch-level event makes to many items at once (retry-failed re-queues every failed
 * item, a cancel or final status cancels every pending one). Rewriting a million item entries
 * for it would stall the partition, so it is recorded once, numbered by generation, and each
 * stored item state applies the changes newer than its own generation when it is next read.
 *
 * @param group a retry of one failure group: the key it moves ({@code FailureGroup.UNGROUPED}
 *              for items stored without a group); null moves every item in the kind's from-status
 */
record BulkChange(int generation, Kind kind, String group) {

    BulkChange(int generation, Kind kind) {
        this(generation, kind, null);
    }

    enum Kind {
        RETRY_FAILED(ItemStatus.FAILED, ItemStatus.PENDING),
        CANCEL_PENDING(ItemStatus.PENDING, ItemStatus.CANCELLED);

        private final ItemStatus from;
        private final ItemStatus to;

        Kind(ItemStatus from, ItemStatus to) {
            this.from = from;
            this.to = to;
        }

        ItemStatus from() {
            return from;
        }

        ItemStatus to() {
            return to;
        }
    }

    ItemStatus apply(ItemStatus status, long itemGroup) {
        return status == kind.from() && inGroup(itemGroup) ? kind.to() : status;
    }

    private boolean inGroup(long itemGroup) {
        if (group == null) {
            return true;
        }
        return FailureGroup.UNGROUPED.equals(group) ? itemGroup == 0
                : FailureGroup.isKey(group) && Long.parseUnsignedLong(group, 16) == itemGroup;
    }
}
