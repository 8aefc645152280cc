package io.batchpulse.orchestrator.queue;

import io.batchpulse.events.model.Priority;
import io.batchpulse.events.progress.QueuePlace;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The queue of one shared limit, from its running batches as they are now. A batch waits when it
 * has pending items, none in flight, and the limit is taken: full (its in-flight count reached
 * maxConcurrent) or serving a higher priority. Waiting batches line up by priority, then by age.
 * Items ahead of a waiting batch are those of the higher-priority batches (dispatching or waiting),
 * which the dispatcher serves first; batches of its own priority share the limit with it as soon as
 * a slot is free (fair share), so they are not ahead. Its expected start is those items, plus the
 * one slot it waits for, over the limit's throughput.
 */
final class QueueBoard {

    /** A running batch of the limit. */
    record Batch(UUID id, Priority priority, Instant startedAt, long pending, long inFlight) {
    }

    private QueueBoard() {
    }

    /**
     * @param maxConcurrent the limit's bound on items in flight, null if it has none
     * @param perSecond     items the limit finishes a second, measured now; null or 0 when unknown
     * @return the place of every waiting batch (batches not in it are not waiting)
     */
    static Map<UUID, QueuePlace> places(String limit, List<Batch> batches, Integer maxConcurrent, Double perSecond,
            Instant now) {
        long inFlight = batches.stream().mapToLong(Batch::inFlight).sum();
        boolean full = maxConcurrent != null && inFlight >= maxConcurrent;
        List<Batch> waiting = batches.stream()
                .filter(b -> b.pending() > 0 && b.inFlight() == 0)
                .filter(b -> full || batches.stream().anyMatch(o -> outranks(o, b) && o.pending() > 0))
                .sorted(Comparator.comparing(Batch::priority).thenComparing(Batch::startedAt,
                        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Batch::id))
                .toList();
        Map<UUID, QueuePlace> places = new HashMap<>();
        for (int i = 0; i < waiting.size(); i++) {
            Batch batch = waiting.get(i);
            long ahead = batches.stream().filter(o -> outranks(o, batch)).mapToLong(o -> o.pending() + o.inFlight())
                    .sum();
            places.put(batch.id(), new QueuePlace(i + 1, limit, ahead, expectedStart(ahead, perSecond, now)));
        }
        return places;
    }

    /** Null while the throughput is unknown: no guess is better than a wrong one. */
    static Instant expectedStart(long itemsAhead, Double perSecond, Instant now) {
        if (perSecond == null || perSecond <= 0) {
            return null;
        }
        return now.plus(Duration.ofMillis((long) Math.ceil((itemsAhead + 1) / perSecond * 1000)));
    }

    private static boolean outranks(Batch other, Batch batch) {
        return other.priority().compareTo(batch.priority()) < 0;
    }
}
