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
 *
 * <p>A crowded batch (more than {@code crowd-size} viewers here) sends its item events sampled
 * ({@link FeedSampler}) at each viewer's share of the crowd's fan-out, decided once per event: a
 * kept one is fanned out as before, a left-out one costs a counter (and the few
 * {@code ?feed=full} viewers). Sampled viewers learn the count from a feed.sampled at most once a
 * second; until then the ids they are sent carry the count ({@link ResumeId}), so a Last-Event-ID
 * never skips a left-out event silently. Its snapshots are paced by the same share
 * ({@link CrowdLimits}); batch events reach every viewer as before. The class is over 200 lines
 * because both fan-outs share its viewers.
 */
final class BatchChannel {

    private final Set<SseConnection> connections = ConcurrentHashMap.newKeySet();
    /** The viewers of {@link SseConnection#fullFeed()}: the only ones a left-out event reaches. */
    private final Set<SseConnection> fullFeedViewers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final CrowdLimits crowd;
    /**
     * The feed's lock of the batch's partition: records are handed over and viewers join under it,
     * so the flush taking it too keeps each viewer's frames in offset order (and one lock order).
     */
    private final Object feedLock;

    // guarded by feedLock
    private final FeedSampler sampler;
    private boolean crowded;
    private long lastSeen = Frame.NO_OFFSET;
    private long lastSent = Frame.NO_OFFSET;
    private boolean flushScheduled;

    // guarded by this
    private ProgressSnapshot latest;
    private Frame latestFrame;
    private long lastFanout;
    private boolean fanoutScheduled;
    private boolean fannedOut = true;

    BatchChannel(ScheduledExecutorService scheduler, long intervalNanos, CrowdLimits crowd, Object feedLock) {
        this.scheduler = scheduler;
        this.feedLock = feedLock;
        this.intervalNanos = intervalNanos;
        this.crowd = crowd;
        this.lastFanout = System.nanoTime() - intervalNanos;
        this.sampler = new FeedSampler(crowd.itemsPerSecond(), System.nanoTime());
    }

    /** Called under the feed's partition lock, so no feed frame is missed or doubled. */
    void add(SseConnection connection) {
        synchronized (feedLock) {
            connection.sampledFrom(sampler.leftOut());
            connections.add(connection);
            if (connection.fullFeed()) {
                fullFeedViewers.add(connection);
            }
        }
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
        if (connection.fullFeed()) {
            fullFeedViewers.remove(connection);
        }
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

    /** A record of the batch, called under the feed's partition lock, in offset order. */
    void feed(Frame frame) {
        synchronized (feedLock) {
            long now = System.nanoTime();
            lastSeen = frame.offset();
            int viewers = connections.size();
            boolean crowdedNow = crowd.crowded(viewers);
            if (crowdedNow != crowded) {
                crowded = crowdedNow;
                if (crowdedNow) {
                    sampler.restart(now);
                } else if (sampler.unannounced()) {
                    // the crowd has gone: the full feed again, after what was left out is told
                    notice(frame.offset() - 1, now);
                }
            }
            if (!crowded) {
                send(connections, frame);
                lastSent = frame.offset();
                return;
            }
            sampler.limit(crowd.perViewer(viewers));
            if (frame.visible() && (!frame.droppable() || sampler.keep(frame, now))) {
                if (sampler.noticeDue(now)) {
                    notice(frame.offset() - 1, now);
                }
                sendSampled(frame);
                send(fullFeedViewers, frame);
                lastSent = frame.offset();
                return;
            }
            // left out (or a record viewers do not see): the sampled viewers move on later
            send(fullFeedViewers, frame);
            if (sampler.noticeDue(now)) {
                notice(frame.offset(), now);
            } else {
                scheduleFlush(now);
            }
        }
    }

    private static void send(Set<SseConnection> viewers, Frame frame) {
        for (SseConnection connection : viewers) {
            connection.live(frame);
        }
    }

    /** To the sampled viewers, with the count of left-out events their ids carry until they are told. */
    private void sendSampled(Frame frame) {
        long leftOut = sampler.leftOut();
        for (SseConnection connection : connections) {
            if (!connection.fullFeed()) {
                connection.live(frame, leftOut);
            }
        }
    }

    /** Tells the sampled viewers what was left out, up to and including {@code offset}. */
    private void notice(long offset, long now) {
        SampledNotice notice = new SampledNotice(offset, sampler.leftOut(), sampler.lastLeftOut(),
                connections.size(), sampler.perSecond());
        sampler.announce(now);
        for (SseConnection connection : connections) {
            if (!connection.fullFeed()) {
                connection.sampled(notice);
            }
        }
        lastSent = offset;
    }

    /**
     * The batch went quiet after records its sampled viewers did not get: they move past them
     * once the notice may go out (or at once, if none was left out), so batch.complete, which
     * waits for the stream's position to reach the batch's end, follows.
     */
    private void scheduleFlush(long now) {
        if (!flushScheduled) {
            flushScheduled = true;
            long wait = sampler.unannounced() ? Math.max(intervalNanos, sampler.untilNotice(now)) : intervalNanos;
            scheduler.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        synchronized (feedLock) {
            flushScheduled = false;
            if (lastSeen <= lastSent) {
                return;
            }
            long now = System.nanoTime();
            if (!sampler.unannounced()) {
                sendSampled(Frame.stateOnly(lastSeen));
                lastSent = lastSeen;
            } else if (sampler.noticeDue(now)) {
                notice(lastSeen, now);
            } else {
                scheduleFlush(now);
            }
        }
    }

    /**
     * A newer snapshot: sent now if the last one went out at least an interval ago (longer for a
     * crowd, {@link CrowdLimits#snapshotIntervalNanos}), else when it has.
     */
    void snapshot(ProgressSnapshot snapshot) {
        synchronized (this) {
            if (latest != null && snapshot.version() <= latest.version()) {
                return;
            }
            latest = snapshot;
            latestFrame = null;
            fannedOut = false;
            long wait = lastFanout + crowd.snapshotIntervalNanos(intervalNanos, connections.size()) - System.nanoTime();
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
