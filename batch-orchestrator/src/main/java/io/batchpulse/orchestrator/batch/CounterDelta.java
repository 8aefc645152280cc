package io.batchpulse.orchestrator.batch;

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
}
