package io.batchpulse.orchestrator.batch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;

/** A change to a batch's item counters, summed over the item rows that really moved. */
public record CounterDelta(long pending, long inFlight, long completed, long failed, long cancelled) {

    public static final CounterDelta NONE = new CounterDelta(0, 0, 0, 0, 0);

    public CounterDelta plus(CounterDelta other) {
        return new CounterDelta(pending + other.pending, inFlight + other.inFlight, completed + other.completed,
                failed + other.failed, cancelled + other.cancelled);
    }

    public static CounterDelta dispatched(long n) {
        return new CounterDelta(-n, n, 0, 0, 0);
    }

    public static CounterDelta completedFromFlight(long n) {
        return new CounterDelta(0, -n, n, 0, 0);
    }

    public static CounterDelta failedFromFlight(long n) {
        return new CounterDelta(0, -n, 0, n, 0);
    }

    public static CounterDelta requeuedFromFlight(long n) {
        return new CounterDelta(n, -n, 0, 0, 0);
    }

    public static CounterDelta cancelledFromPending(long n) {
        return new CounterDelta(-n, 0, 0, 0, n);
    }

    public static CounterDelta requeuedFromFailed(long n) {
        return new CounterDelta(n, 0, 0, -n, 0);
    }

    /** Sums one kind of move per batch: each entry of {@code movedBatchIds} is one item row that moved. */
    public static Map<UUID, CounterDelta> perBatch(Collection<UUID> movedBatchIds, LongFunction<CounterDelta> kind) {
        Map<UUID, Long> counts = new HashMap<>();
        movedBatchIds.forEach(batchId -> counts.merge(batchId, 1L, Long::sum));
        Map<UUID, CounterDelta> deltas = new HashMap<>();
        counts.forEach((batchId, n) -> deltas.put(batchId, kind.apply(n)));
        return deltas;
    }
}
