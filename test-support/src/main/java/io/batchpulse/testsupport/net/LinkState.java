package io.batchpulse.testsupport.net;

import java.time.Duration;
import java.util.EnumSet;

/** What a {@link TcpProxy}'s link does now, shared by all of its connections' pumps. */
final class LinkState {

    private boolean cut;
    private final EnumSet<Direction> stalled = EnumSet.noneOf(Direction.class);
    private long delayNanos;

    synchronized void cut() {
        cut = true;
    }

    synchronized void stall(Direction direction) {
        stalled.add(direction);
    }

    synchronized void delay(Duration latency) {
        delayNanos = latency.toNanos();
    }

    synchronized void heal() {
        cut = false;
        stalled.clear();
        delayNanos = 0;
        notifyAll();
    }

    synchronized boolean isCut() {
        return cut;
    }

    /** When a chunk read now may go on. */
    synchronized long releaseAt(long readAtNanos) {
        return readAtNanos + delayNanos;
    }

    /**
     * Blocks a pump until its chunk may be written: its delay is over and its direction is not
     * stalled. Monitor waits, not sleeps: a heal wakes every pump at once.
     */
    synchronized void awaitFlowing(Direction direction, long releaseAtNanos) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            if (stalled.contains(direction)) {
                wait();
            } else if (now < releaseAtNanos) {
                long waitNanos = releaseAtNanos - now;
                wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } else {
                return;
            }
        }
    }
}
