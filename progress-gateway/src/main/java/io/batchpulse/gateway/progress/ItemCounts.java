package io.batchpulse.gateway.progress;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.batchpulse.events.model.ItemStatus;

/**
 * How many of a batch's items are in each status. Only items the topology has seen an event for
 * are counted per status ({@code known}); the rest of the total ({@code unseen}) is pending, or
 * cancelled once a cancel or final status swept the batch ({@code unseenCancelled}: every item
 * unseen at that moment was cancelled, and no item joins a batch after it started).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class ItemCounts {

    private long known;
    private long pending;
    private long dispatched;
    private long inProgress;
    private long completed;
    private long failed;
    private long cancelled;
    private boolean unseenCancelled;

    /** Moves one item from its previous effective status (null: not seen before) to the next. */
    void move(ItemStatus from, ItemStatus to) {
        if (from == null) {
            known++;
        } else {
            add(from, -1);
        }
        add(to, 1);
    }

    void apply(BulkChange.Kind kind) {
        apply(kind, get(kind.from()));
    }

    /** A bulk change that moves only some of the items in its from-status (a retry of one failure group). */
    void apply(BulkChange.Kind kind, long items) {
        long moved = Math.min(items, get(kind.from()));
        add(kind.from(), -moved);
        add(kind.to(), moved);
        if (kind == BulkChange.Kind.CANCEL_PENDING) {
            unseenCancelled = true;
        }
    }

    /** The total as shown: never fewer than the items seen (batch.started may not have arrived yet). */
    long total(long declaredTotal) {
        return Math.max(declaredTotal, known);
    }

    long pending(long declaredTotal) {
        return pending + (unseenCancelled ? 0 : unseen(declaredTotal));
    }

    long cancelled(long declaredTotal) {
        return cancelled + (unseenCancelled ? unseen(declaredTotal) : 0);
    }

    long inProgress() {
        return dispatched + inProgress;
    }

    long completed() {
        return completed;
    }

    long failed() {
        return failed;
    }

    private long unseen(long declaredTotal) {
        return Math.max(0, declaredTotal - known);
    }

    private long get(ItemStatus status) {
        return switch (status) {
            case PENDING -> pending;
            case DISPATCHED -> dispatched;
            case IN_PROGRESS -> inProgress;
            case COMPLETED -> completed;
            case FAILED -> failed;
            case CANCELLED -> cancelled;
        };
    }

    private void add(ItemStatus status, long delta) {
        switch (status) {
            case PENDING -> pending += delta;
            case DISPATCHED -> dispatched += delta;
            case IN_PROGRESS -> inProgress += delta;
            case COMPLETED -> completed += delta;
            case FAILED -> failed += delta;
            case CANCELLED -> cancelled += delta;
        }
    }
}
