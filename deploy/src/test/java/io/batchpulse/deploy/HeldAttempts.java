package io.batchpulse.deploy;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemStarted;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a worker held when it was killed or frozen, read from batch-events: the attempts
 * ("item#attempt") it started and sent no result of. A worker between two polls holds none (the
 * dispatches still in its partitions keep their attempt and move with the partitions), so a test
 * about held work reads them rather than assuming them.
 */
final class HeldAttempts {

    private HeldAttempts() {
    }

    /** The orchestrator's lease expiries name the worker too, but are not its results. */
    static Set<String> of(String worker, List<BatchEvent> events) {
        Set<String> held = new HashSet<>();
        for (BatchEvent event : events) {
            if (event instanceof ItemEvent item && worker.equals(item.workerId())) {
                String attempt = key(item.itemId(), item.attempt());
                if (item instanceof ItemStarted) {
                    held.add(attempt);
                } else if (item instanceof ItemCompleted || isWorkerError(item)) {
                    held.remove(attempt);
                }
            }
        }
        return held;
    }

    /** The held attempts whose item has started its next attempt. */
    static Set<String> ranAgain(Set<String> held, List<BatchEvent> events) {
        return events.stream().filter(ItemStarted.class::isInstance).map(ItemStarted.class::cast)
                .filter(started -> started.attempt() > 1)
                .map(started -> key(started.itemId(), started.attempt() - 1))
                .filter(held::contains).collect(Collectors.toSet());
    }

    private static String key(UUID item, int attempt) {
        return item + "#" + attempt;
    }

    private static boolean isWorkerError(ItemEvent event) {
        String code = LeaseExpiries.errorCode(event);
        return code != null && !LeaseExpiries.LEASE_EXPIRED.equals(code);
    }
}
