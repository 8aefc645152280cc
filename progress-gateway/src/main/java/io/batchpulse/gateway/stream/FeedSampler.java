package io.batchpulse.gateway.stream;

/**
 * Which item events of a crowded batch its sampled viewers get, decided once per event for all of
 * them, and how many were left out. A token bucket holds one second's worth ({@code perSecond},
 * which the channel re-sizes to its audience, {@link CrowdLimits}), so over any {@code t} seconds
 * at a steady rate at most {@code perSecond × (t + 1)} are kept. Failures come first, as
 * they are what a viewer most needs to see: an item.failed takes any token, an item.completed only
 * one beyond a quarter of the bucket kept for failures, an item.started one beyond half of it. At
 * 1,000 items a second completions therefore take what failures leave and starts get nothing;
 * a batch slower than the limit keeps every event.
 *
 * <p>Left-out events are counted cumulatively over the channel's life, so a viewer's count is the
 * difference between two notices (or its join and a notice). Not thread-safe: its channel calls it
 * under its feed lock. Times are {@link System#nanoTime()} values passed in, for tests.
 */
final class FeedSampler {

    static final long NOTICE_INTERVAL_NANOS = 1_000_000_000L;
    private static final double NANOS_PER_SECOND = 1e9;

    private int perSecond;
    private double tokens;
    private long refilledAt;
    private long leftOut;
    private long lastLeftOut = Frame.NO_OFFSET;
    private long announced;
    private long announcedAt;

    FeedSampler(int perSecond, long now) {
        this.perSecond = perSecond;
        restart(now);
        this.announcedAt = now - NOTICE_INTERVAL_NANOS;
    }

    int perSecond() {
        return perSecond;
    }

    /** The rate from now on (the crowd grew or shrank); the bucket holds one second of it. */
    void limit(int perSecond) {
        this.perSecond = perSecond;
        tokens = Math.min(tokens, perSecond);
    }

    /** The batch became crowded (again): a full bucket. */
    void restart(long now) {
        tokens = perSecond;
        refilledAt = now;
    }

    /** True: every sampled viewer gets this item event; false: it is left out and counted. */
    boolean keep(Frame item, long now) {
        tokens = Math.min(perSecond, tokens + (now - refilledAt) / NANOS_PER_SECOND * perSecond);
        refilledAt = now;
        if (tokens >= Math.min(perSecond, 1 + reserve(item.name()))) {
            tokens -= 1;
            return true;
        }
        leftOut++;
        lastLeftOut = item.offset();
        return false;
    }

    private double reserve(String name) {
        return switch (name) {
            case SseEvents.ITEM_FAILED -> 0;
            case SseEvents.ITEM_COMPLETED -> perSecond / 4.0;
            default -> perSecond / 2.0;
        };
    }

    /** Item events left out since the channel began (never reset). */
    long leftOut() {
        return leftOut;
    }

    /** The offset of the newest event left out, or -1. */
    long lastLeftOut() {
        return lastLeftOut;
    }

    /** Some left-out events have not been announced yet. */
    boolean unannounced() {
        return leftOut > announced;
    }

    /** A notice may go out: some left out are unannounced and the last notice is a second old. */
    boolean noticeDue(long now) {
        return unannounced() && now - announcedAt >= NOTICE_INTERVAL_NANOS;
    }

    /** Nanoseconds until a notice may go out (0: now). */
    long untilNotice(long now) {
        return Math.max(0, announcedAt + NOTICE_INTERVAL_NANOS - now);
    }

    /** A notice goes out now: everything left out so far is announced. */
    void announce(long now) {
        announced = leftOut;
        announcedAt = now;
    }
}
