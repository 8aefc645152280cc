package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.GatewayProperties;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open stream: a bounded {@link StreamQueue} in front of a non-blocking {@link SseSocket}.
 * Producers (the feed consumer, the snapshot fan-out, a replay, the heartbeat) only enqueue and
 * never block; the socket writes while the client reads, and no thread waits for one that does not.
 */
final class SseConnection {

    private final UUID batchId;
    private final String subject;
    private final boolean fullFeed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeActions = new ArrayList<>(2);
    private final StreamQueue queue;
    private final SseSocket socket;

    SseConnection(UUID batchId, String subject, boolean fullFeed, StreamSchedulers schedulers, StreamMetrics metrics,
            GatewayProperties.Stream settings) {
        this.batchId = batchId;
        this.subject = subject;
        this.fullFeed = fullFeed;
        this.queue = new StreamQueue(settings.bufferEvents(), metrics, closed, this::drain);
        this.socket = new SseSocket(this, queue, schedulers, metrics, settings.retry().toMillis(),
                settings.slowClientTimeout().toNanos());
    }

    UUID batchId() {
        return batchId;
    }

    String subject() {
        return subject;
    }

    /** Every item event even when the batch is crowded ({@code ?feed=full}), not the sampled feed. */
    boolean fullFeed() {
        return fullFeed;
    }

    /** Takes over the started async response; the first event goes out once the socket is writable. */
    void attach(AsyncContext context) throws IOException {
        socket.attach(context);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Runs once the stream has ended (at once if it has already). */
    void onClose(Runnable action) {
        synchronized (closeActions) {
            if (!isClosed()) {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * The first event: the snapshot, with the position the stream continues from; then, for a
     * resume from a crowded batch's sampled feed, the count of left-out item events it was not told of.
     */
    void begin(ProgressSnapshot snapshot, long startCursor, long untoldBefore) {
        queue.begin(snapshot, startCursor, untoldBefore);
    }

    /** The batch's item count as of the newest snapshot this stream has, for item events' {@code total}. */
    long total() {
        return queue.total();
    }

    long cursor() {
        return queue.cursor();
    }

    /** Live feed: never blocks; a full queue (or a gap in progress) drops feed items and counts them. */
    void live(Frame frame) {
        queue.live(frame);
    }

    /** A crowded batch's event for its sampled viewers, after {@code leftOut} left-out item events. */
    void live(Frame frame, long leftOut) {
        queue.live(frame, leftOut);
    }

    /** Joins a crowded batch's channel, which has left out {@code leftOut} item events before this viewer came. */
    void sampledFrom(long leftOut) {
        queue.sampledFrom(leftOut);
    }

    /** A crowded batch's notice of left-out item events; never dropped. */
    void sampled(SampledNotice notice) {
        queue.sampled(notice);
    }

    /**
     * Replayed feed: waits for room instead of dropping, so a resumed client gets everything it
     * missed. False if the client did not make room in time (or left).
     */
    boolean replayed(Frame frame, long waitMillis) throws InterruptedException {
        return queue.replayed(frame, waitMillis);
    }

    /** Every event of this batch before {@code offset} has been queued (hand-over from a replay). */
    void advanceTo(long offset) {
        queue.advanceTo(offset);
    }

    /** The newest snapshot replaces one still waiting in the queue: coalesced, never dropped. */
    void snapshot(ProgressSnapshot snapshot, Frame frame) {
        queue.snapshot(snapshot, frame);
    }

    void heartbeat() {
        queue.heartbeat();
    }

    /** Ends the stream with an error event (e.g. a replay that could not finish). */
    void fail(String code, String message) {
        queue.fail(code, message);
    }

    /** Ends the stream without another event (shutdown, a slow client); the client reconnects. */
    void end() {
        try {
            close();
        } finally {
            socket.complete();
        }
    }

    private void drain() {
        socket.requestDrain();
    }

    /** Releases what the stream holds here; the response itself is ended by {@link #end()} or the container. */
    void close() {
        boolean first;
        synchronized (closeActions) {
            first = closed.compareAndSet(false, true);
        }
        if (first) {
            queue.clear();
            List<Runnable> actions;
            synchronized (closeActions) {
                actions = List.copyOf(closeActions);
                closeActions.clear();
            }
            actions.forEach(Runnable::run);
        }
    }
}
