package io.batchpulse.gateway.progress;

import io.batchpulse.events.model.ItemStatus;

/**
 * A change a batch-level event makes to many items at once (retry-failed re-queues every failed
 * item, a cancel or final status cancels every pending one). Rewriting a million item entries
 * for it would stall the partition, so it is recorded once, numbered by generation, and each
 * stored item state applies the changes newer than its own generation when it is next read.
 */
record BulkChange(int generation, Kind kind) {

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

    ItemStatus apply(ItemStatus status) {
        return status == kind.from() ? kind.to() : status;
    }
}
