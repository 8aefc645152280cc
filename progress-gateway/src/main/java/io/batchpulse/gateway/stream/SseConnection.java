package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: a bounded queue in front of the socket, drained by the shared writer pool.
 * Producers (the feed consumer, the snapshot fan-out, a replay, the heartbeat) only enqueue and
 * never block, so a slow socket holds at most one writer thread and never the Kafka consumer.
 *
 * <p>Resume position: {@code cursor} is the batch-events offset up to which every event of this
 * batch has been queued (or skipped, then announced by feed.gap); {@code writtenCursor} the same
 * for what reached the socket. Feed events carry their own offset as SSE id; snapshots,
 * batch.complete and feed.gap carry {@code writtenCursor}, so the client's Last-Event-ID never
 * moves back and never claims an event it has not been sent.
 */
final class SseConnection {

    private final UUID batchId;
    private final String subject;
    private final SseEmitter emitter;
    private final Executor writers;
    private final StreamMetrics metrics;
    private final int capacity;
    private final long retryMs;
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeActions = new ArrayList<>();

    // guarded by this
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private Entry queuedSnapshot;
    private long cursor;
    private long writtenCursor;
    private long skipped;
    private long firstSkipped;
    private ProgressSnapshot latest;
    private String latestJson;
    private ProgressSnapshot finishing;
    private boolean lastWrittenIsSnapshot;
    private boolean retrySent;

    /** A queued event: the shared frame and the resume position once it is written. */
    private static final class Entry {
        Frame frame;
        long cursorAfter;
        final boolean idFromCursor;
        final boolean closesAfter;

        Entry(Frame frame, long cursorAfter, boolean idFromCursor, boolean closesAfter) {
            this.frame = frame;
            this.cursorAfter = cursorAfter;
            this.idFromCursor = idFromCursor;
            this.closesAfter = closesAfter;
        }
    }

    SseConnection(UUID batchId, String subject, Executor writers, StreamMetrics metrics, int capacity, long retryMs) {
        this.batchId = batchId;
        this.subject = subject;
        this.writers = writers;
        this.metrics = metrics;
        this.capacity = capacity;
        this.retryMs = retryMs;
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
    synchronized void begin(ProgressSnapshot snapshot, long startCursor) {
        cursor = startCursor;
        writtenCursor = startCursor;
        snapshot(snapshot, SseEvents.progress(snapshot));
    }

    /** The batch's item count as of the newest snapshot this stream has, for item events' {@code total}. */
    synchronized long total() {
        return latest == null ? 0 : latest.total();
    }

    synchronized long cursor() {
        return cursor;
    }

    /** Live feed: never blocks; a full queue (or a gap in progress) drops feed items and counts them. */
    void live(Frame frame) {
        synchronized (this) {
            if (isClosed() || frame.offset() <= cursor) {
                return;
            }
            if (!frame.visible()) {
                advance(frame.offset());
                return;
            }
            if (frame.droppable() && (skipped > 0 || queue.size() >= capacity)) {
                if (skipped++ == 0) {
                    firstSkipped = frame.offset();
                }
                cursor = frame.offset();
                metrics.dropped();
                return;
            }
            enqueue(frame);
        }
        scheduleDrain();
    }

    /**
     * Replayed feed: waits for room instead of dropping, so a resumed client gets everything it
     * missed. False if the client did not make room in time (or left).
     */
    boolean replayed(Frame frame, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (this) {
            if (!frame.visible()) {
                advance(frame.offset());
                return !isClosed();
            }
            while (!isClosed() && queue.size() >= capacity) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (isClosed()) {
                return false;
            }
            if (frame.offset() > cursor) {
                enqueue(frame);
            }
        }
        scheduleDrain();
        return true;
    }

    /** Every event of this batch before {@code offset} has been queued (hand-over from a replay). */
    synchronized void advanceTo(long offset) {
        advance(offset);
    }

    /**
     * Moves the position past an event viewers do not see (or past other batches' records): it
     * rides on the last queued entry, so it costs no queue space.
     */
    private void advance(long offset) {
        if (offset <= cursor) {
            return;
        }
        cursor = offset;
        if (skipped > 0) {
            return;
        }
        Entry tail = queue.peekLast();
        if (tail == null) {
            writtenCursor = Math.max(writtenCursor, offset);
            if (finishing != null) {
                scheduleDrain();
            }
        } else {
            tail.cursorAfter = Math.max(tail.cursorAfter, offset);
        }
    }

    /** The newest snapshot replaces one still waiting in the queue: coalesced, never dropped. */
    void snapshot(ProgressSnapshot snapshot, String json) {
        synchronized (this) {
            if (isClosed() || latest != null && snapshot.version() <= latest.version()) {
                return;
            }
            latest = snapshot;
            latestJson = json;
            finishing = SnapshotStates.isFinal(snapshot.status()) ? snapshot : null;
            Frame frame = new Frame(SseEvents.PROGRESS, Frame.NO_OFFSET, json, false);
            if (queuedSnapshot != null) {
                queuedSnapshot.frame = frame;
            } else if (skipped == 0) {
                queuedSnapshot = new Entry(frame, Long.MIN_VALUE, true, false);
                queue.add(queuedSnapshot);
            }
        }
        scheduleDrain();
    }

    void heartbeat() {
        synchronized (this) {
            if (isClosed() || !queue.isEmpty()) {
                return;
            }
            queue.add(new Entry(SseEvents.HEARTBEAT_FRAME, Long.MIN_VALUE, false, false));
        }
        scheduleDrain();
    }

    /** Ends the stream with an error event (e.g. a replay that could not finish). */
    void fail(String code, String message) {
        synchronized (this) {
            queue.clear();
            queuedSnapshot = null;
            queue.add(new Entry(new Frame(SseEvents.ERROR, Frame.NO_OFFSET, SseEvents.error(code, message), false),
                    Long.MIN_VALUE, false, true));
        }
        scheduleDrain();
    }

    /** Ends the stream without another event (shutdown); the client reconnects elsewhere. */
    void end() {
        try {
            emitter.complete();
        } finally {
            close();
        }
    }

    private void enqueue(Frame frame) {
        queue.add(new Entry(frame, frame.offset(), false, false));
        cursor = frame.offset();
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
            Entry entry;
            String id;
            synchronized (this) {
                entry = next();
                if (entry == null) {
                    return;
                }
                notifyAll();
                id = entry.idFromCursor ? String.valueOf(writtenCursor)
                        : entry.frame.offset() == Frame.NO_OFFSET ? null : String.valueOf(entry.frame.offset());
            }
            if (!write(entry.frame, id)) {
                return;
            }
            synchronized (this) {
                writtenCursor = Math.max(writtenCursor, entry.cursorAfter);
                if (!SseEvents.HEARTBEAT.equals(entry.frame.name())) {
                    lastWrittenIsSnapshot = SseEvents.PROGRESS.equals(entry.frame.name());
                }
            }
            if (entry.closesAfter) {
                end();
                return;
            }
        }
    }

    /** The next queued entry; once the queue is empty, the pending gap notice or the batch's end. */
    private Entry next() {
        Entry entry = queue.poll();
        if (entry == queuedSnapshot) {
            queuedSnapshot = null;
        }
        if (entry != null) {
            return entry;
        }
        if (skipped > 0) {
            Frame gap = new Frame(SseEvents.GAP, Frame.NO_OFFSET, SseEvents.gap(skipped, firstSkipped, cursor), false);
            skipped = 0;
            writtenCursor = cursor;
            if (latest != null) {
                queuedSnapshot = new Entry(new Frame(SseEvents.PROGRESS, Frame.NO_OFFSET, latestJson, false),
                        Long.MIN_VALUE, true, false);
                queue.add(queuedSnapshot);
            }
            return new Entry(gap, cursor, true, false);
        }
        if (finishing != null && writtenCursor >= finishing.sourceOffset()) {
            ProgressSnapshot last = finishing;
            finishing = null;
            queue.add(new Entry(new Frame(SseEvents.COMPLETE, Frame.NO_OFFSET, SseEvents.complete(last), false),
                    Long.MIN_VALUE, true, true));
            if (!lastWrittenIsSnapshot || latest != last) {
                return new Entry(new Frame(SseEvents.PROGRESS, Frame.NO_OFFSET, SseEvents.progress(last), false),
                        Long.MIN_VALUE, true, false);
            }
            return queue.poll();
        }
        return null;
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
            synchronized (this) {
                queue.clear();
                queuedSnapshot = null;
                notifyAll();
            }
            List<Runnable> actions;
            synchronized (closeActions) {
                actions = List.copyOf(closeActions);
                closeActions.clear();
            }
            actions.forEach(Runnable::run);
        }
    }
}
