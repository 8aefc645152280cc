package io.batchpulse.deploy.replay;

import io.batchpulse.events.ItemEvent;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every item's state so far, folded from its events; held in memory (a few hundred bytes an item). */
final class ItemOutcomes {

    private static final Comparator<ItemOutcome> ORDER =
            Comparator.comparing(ItemOutcome::batchId).thenComparingLong(ItemOutcome::index);

    private final Map<UUID, ItemOutcome> items = new HashMap<>();

    void accept(ItemEvent event) {
        if (event.itemId() != null) {
            items.compute(event.itemId(), (id, current) -> ItemOutcome.next(current, event));
        }
    }

    /** By batch, then index. */
    List<ItemOutcome> sorted() {
        return items.values().stream().sorted(ORDER).toList();
    }

    Collection<ItemOutcome> all() {
        return items.values();
    }
}
