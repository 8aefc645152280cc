package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: a bounded {@link StreamQueue} in front of the socket, drained by the shared
 * writer pool. Producers (the feed consumer, the snapshot fan-out, a replay, the heartbeat) only
 * enqueue and never block, so a slow socket holds at most one writer thread and never the Kafka
 * consumer.
 */
final class SseConnection {

    private final UUID batchId;
    private final String subject;
    private final SseEmitter emitter;
    private final Executor writers;
    private final StreamMetrics metrics;
    private final long retryMs;
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeActions = new ArrayList<>();
    private final StreamQueue queue;
    // the writer's own (one drain loop at a time)
    private boolean retrySent;

    SseConnection(UUID batchId, String subject, Executor writers, StreamMetrics metrics, int capacity, long retryMs) {
        this.batchId = batchId;
        this.subject = subject;
        this.writers = writers;
        this.metrics = metrics;
        this.retryMs = retryMs;
        this.queue = new StreamQueue(capacity, metrics, closed, this::scheduleDrain);
        this.emitter = new SseEmitter(0L);
        emitter.onCompletion(this::close);
        emitter.onTimeout(this::close);
        emitter.onError(failure -> close());
    }

    UUID batchId() {
        return batchId;
    }

    String subject() {
        return subject;
    }

    SseEmitter emitter() {
        return emitter;
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

    /** The first event: the snapshot, with the position the stream continues from. */
    void begin(ProgressSnapshot snapshot, long startCursor) {
        queue.begin(snapshot, startCursor);
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
    void snapshot(ProgressSnapshot snapshot, String json) {
        queue.snapshot(snapshot, json);
    }

    void heartbeat() {
        queue.heartbeat();
    }

    /** Ends the stream with an error event (e.g. a replay that could not finish). */
    void fail(String code, String message) {
        queue.fail(code, message);
    }

    /** Ends the stream without another event (shutdown); the client reconnects elsewhere. */
    void end() {
        try {
            emitter.complete();
        } finally {
            close();
        }
    }

    private void scheduleDrain() {
        if (drainRequests.getAndIncrement() == 0) {
            writers.execute(this::drainLoop);
        }
    }

    private void drainLoop() {
        int seen;
        do {
            seen = drainRequests.get();
            drain();
        } while (drainRequests.addAndGet(-seen) != 0);
    }

    private void drain() {
        while (!isClosed()) {
            StreamQueue.Next next = queue.take();
            if (next == null) {
                return;
            }
            if (!write(next.entry().frame, next.id())) {
                return;
            }
            queue.written(next.entry());
            if (next.entry().closesAfter) {
                end();
                return;
            }
        }
    }

    private boolean write(Frame frame, String id) {
        SseEmitter.SseEventBuilder event = SseEmitter.event().name(frame.name());
        if (id != null) {
            event.id(id);
        }
        if (!retrySent) {
            // the reconnect delay rides on the first event
            event.reconnectTime(retryMs);
            retrySent = true;
        }
        event.data(frame.data(), MediaType.APPLICATION_JSON);
        try {
            emitter.send(event);
            metrics.sent(frame.name());
            return true;
        } catch (IOException | IllegalStateException e) {
            close();
            return false;
        }
    }

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
