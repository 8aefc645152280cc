package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The viewers of one batch on this instance: one upstream (the feed consumer and the snapshot
 * store) for all of them. Feed frames are encoded once and shared. Snapshots are coalesced here:
 * at most one batch.progress per {@code interval}, always the newest.
 */
final class BatchChannel {

    private final Set<SseConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;

    // guarded by this
    private ProgressSnapshot latest;
    private Frame latestFrame;
    private long lastFanout;
    private boolean fanoutScheduled;
    private boolean fannedOut = true;

    BatchChannel(ScheduledExecutorService scheduler, long intervalNanos) {
        this.scheduler = scheduler;
        this.intervalNanos = intervalNanos;
        this.lastFanout = System.nanoTime() - intervalNanos;
    }

    /** Called under the feed's partition lock, so no feed frame is missed or doubled. */
    void add(SseConnection connection) {
        connections.add(connection);
        Frame frame;
        ProgressSnapshot snapshot;
        synchronized (this) {
            snapshot = latest;
            frame = latestFrame;
        }
        if (snapshot != null) {
            connection.snapshot(snapshot, frame);
        }
    }

    void remove(SseConnection connection) {
        connections.remove(connection);
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    long total() {
        ProgressSnapshot snapshot;
        synchronized (this) {
            snapshot = latest;
        }
        return snapshot == null ? 0 : snapshot.total();
    }

    /** Knows the snapshot a new viewer started from, without sending it again. */
    synchronized void seed(ProgressSnapshot snapshot) {
        if (latest == null || snapshot.version() > latest.version()) {
            latest = snapshot;
            latestFrame = SseEvents.progressFrame(snapshot);
        }
    }

    void feed(Frame frame) {
        for (SseConnection connection : connections) {
            connection.live(frame);
        }
    }

    /** A newer snapshot: sent now if the last one went out at least an interval ago, else when it has. */
    void snapshot(ProgressSnapshot snapshot) {
        synchronized (this) {
            if (latest != null && snapshot.version() <= latest.version()) {
                return;
            }
            latest = snapshot;
            latestFrame = null;
            fannedOut = false;
            long wait = lastFanout + intervalNanos - System.nanoTime();
            if (wait > 0) {
                if (!fanoutScheduled) {
                    fanoutScheduled = true;
                    scheduler.schedule(this::fanout, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
        }
        fanout();
    }

    private void fanout() {
        ProgressSnapshot snapshot;
        Frame frame;
        synchronized (this) {
            fanoutScheduled = false;
            if (fannedOut || latest == null) {
                return;
            }
            if (latestFrame == null) {
                latestFrame = SseEvents.progressFrame(latest);
            }
            snapshot = latest;
            frame = latestFrame;
            fannedOut = true;
            lastFanout = System.nanoTime();
        }
        for (SseConnection connection : connections) {
            connection.snapshot(snapshot, frame);
        }
    }
}
