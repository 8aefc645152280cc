package io.batchpulse.gateway.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * One feed.sampled for the sampled viewers of a crowded batch. What each of them is told it missed
 * depends on when it joined, so the count is its own: {@code leftOut} is the channel's cumulative
 * count, and a viewer's queue subtracts what it has already been told. The frame of a count is
 * encoded once and shared by the viewers with that count (nearly all of them have the same).
 * Used by one thread, the channel's fan-out, under its feed lock. A class, not a record, for
 * that cache.
 */
final class SampledNotice {

    private final long offset;
    private final long leftOut;
    private final long lastLeftOut;
    private final int viewers;
    private final int perSecond;
    private final Map<Long, Frame> frames = new HashMap<>(2);

    /**
     * @param offset      the SSE id: every item event of the batch up to it was sent or is counted here
     * @param leftOut     item events left out since the channel began
     * @param lastLeftOut the offset of the newest one
     * @param viewers     viewers of the batch on this instance
     * @param perSecond   item events a second sampled viewers get
     */
    SampledNotice(long offset, long leftOut, long lastLeftOut, int viewers, int perSecond) {
        this.offset = offset;
        this.leftOut = leftOut;
        this.lastLeftOut = lastLeftOut;
        this.viewers = viewers;
        this.perSecond = perSecond;
    }

    long offset() {
        return offset;
    }

    long leftOut() {
        return leftOut;
    }

    /** The notice of {@code skipped} left-out item events. */
    Frame frame(long skipped) {
        return frames.computeIfAbsent(skipped, count -> new Frame(SseEvents.SAMPLED, offset,
                SseEvents.sampled(count, lastLeftOut, viewers, perSecond), false));
    }
}
