package io.batchpulse.gateway.progress;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.events.progress.BestResult;
import io.batchpulse.events.progress.RecentError;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Folds one item event into its item's state and the batch's aggregate. */
final class ItemEventFold {

    static final int MAX_TEXT = 300;

    private ItemEventFold() {
    }

    /**
     * The item's next state, with the aggregate updated for it; empty (and nothing changed) when
     * the event must not move the item.
     */
    static Optional<ItemState> apply(BatchAggregate aggregate, ItemState previous, ItemEvent event) {
        ItemStatus before = previous == null ? null : previous.effectiveStatus(aggregate.bulkChanges);
        FailureGroup group = event instanceof ItemFailed failed ? FailureGroup.of(failed.error()) : null;
        Optional<ItemState> next = ItemState.after(previous, before, event, aggregate.generation,
                group == null ? 0 : group.keyBits());
        next.ifPresent(state -> {
            aggregate.counts.move(before, state.status());
            effects(aggregate, event, state.status());
            if (group != null) {
                aggregate.failureGroups.failed(group);
            }
        });
        return next;
    }

    private static void effects(BatchAggregate aggregate, ItemEvent event, ItemStatus status) {
        if (status == ItemStatus.IN_PROGRESS) {
            aggregate.running(event.itemId(), label(event));
        } else {
            aggregate.notRunning(event.itemId());
        }
        if (event instanceof ItemCompleted completed) {
            aggregate.finishedAt(completed.occurredAt());
            aggregate.completedDurationMs += Math.max(0, completed.durationMs());
            aggregate.completedCount++;
            best(aggregate, completed);
        } else if (event instanceof ItemFailed failed) {
            aggregate.finishedAt(failed.occurredAt());
            ItemError error = failed.error();
            aggregate.error(new RecentError(failed.itemId(), failed.index(), failed.label(), failed.attempt(),
                    error == null ? null : error.code(), error == null ? null : cut(error.message()),
                    failed.occurredAt()));
        }
    }

    /** The first item to reach the highest score keeps the place; NaN and infinities never take it. */
    private static void best(BatchAggregate aggregate, ItemCompleted completed) {
        Double score = completed.score();
        if (score == null || score.isNaN() || score.isInfinite()) {
            return;
        }
        if (aggregate.bestSoFar == null || score > aggregate.bestSoFar.score()) {
            aggregate.bestSoFar = new BestResult(completed.itemId(), completed.index(), completed.label(), score,
                    summary(completed.result()));
        }
    }

    /** The result's own "summary" text if it has one, else its JSON, cut short. */
    private static String summary(JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) {
            return null;
        }
        JsonNode summary = result.get("summary");
        return cut(summary != null && summary.isString() ? summary.stringValue() : result.toString());
    }

    private static String label(ItemEvent event) {
        return event.label() != null ? event.label() : "#" + event.index();
    }

    static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
