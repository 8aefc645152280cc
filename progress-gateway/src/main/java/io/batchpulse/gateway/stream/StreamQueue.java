package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one stream has still to write, bounded, and where it stands. Producers only enqueue and
 * never block (but a replay waits for room); the connection's socket takes frames from here.
 *
 * <p>Resume position: {@code cursor} is the batch-events offset up to which every event of this
 * batch has been queued (or skipped, then announced by feed.gap); {@code writtenCursor} the same
 * for what reached the socket. Feed events carry their own offset as SSE id; snapshots,
 * batch.complete and feed.gap carry {@code writtenCursor}, so the client's Last-Event-ID never
 * moves back and never claims an event it has not been sent. Inside a crowded batch's sampled
 * feed the ids also carry the left-out item events not yet told ({@link ResumeId}).
 *
 * <p>Over 250 lines: the queue, the resume position and what each notice tells change together
 * under one lock, and splitting them would spread that lock over classes.
 */
final class StreamQueue {

    /** The next frame to write and the SSE id it goes out with (null: none). */
    record Next(QueuedFrame entry, String id) {
    }

    private final int capacity;
    private final StreamMetrics metrics;
    private final AtomicBoolean closed;
    private final Runnable drain;

    // guarded by this
    private final ArrayDeque<QueuedFrame> queue = new ArrayDeque<>();
    private QueuedFrame queuedSnapshot;
    private long cursor;
    private long writtenCursor;
    private long skipped;
    private long firstSkipped;
    private ProgressSnapshot latest;
    private Frame latestFrame;
    private ProgressSnapshot finishing;
    private boolean lastWrittenIsSnapshot;
    private long sampledSeen;
    private long untold;
    private long writtenUntold;

    /** {@code closed}: the connection's; {@code drain}: asks the connection's writer to take what is queued. */
    StreamQueue(int capacity, StreamMetrics metrics, AtomicBoolean closed, Runnable drain) {
        this.capacity = capacity;
        this.metrics = metrics;
        this.closed = closed;
        this.drain = drain;
    }

    /**
     * {@code untoldBefore}: item events left out before {@code startCursor} that the client was not
     * told of (a resume from within a crowded batch's sampled feed); they are told right after the snapshot.
     */
    synchronized void begin(ProgressSnapshot snapshot, long startCursor, long untoldBefore) {
        cursor = startCursor;
        writtenCursor = startCursor;
        writtenUntold = untoldBefore;
        snapshot(snapshot, SseEvents.progressFrame(snapshot));
        if (untoldBefore > 0) {
            // its own id is the plain position: once it is written, nothing before it is untold
            queue.add(new QueuedFrame(new Frame(SseEvents.SAMPLED, startCursor,
                    SseEvents.sampled(untoldBefore, startCursor, null, null), false), startCursor, false, false));
        }
    }

    synchronized long total() {
        return latest == null ? 0 : latest.total();
    }

    synchronized long cursor() {
        return cursor;
    }

    void live(Frame frame) {
        live(frame, -1);
    }

    /**
     * A crowded batch's kept item event, after {@code leftOut} left out since its channel began: the
     * ones this client has not been told of yet ride in the ids from here on (offset:count), so a
     * resume from any of them tells the count instead of dropping it silently. -1: not sampled.
     */
    void live(Frame frame, long leftOut) {
        synchronized (this) {
            if (closed.get() || frame.offset() <= cursor) {
                return;
            }
            if (leftOut >= 0) {
                untold = leftOut - sampledSeen;
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
        drain.run();
    }

    boolean replayed(Frame frame, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (this) {
            if (!frame.visible()) {
                advance(frame.offset());
                return !closed.get();
            }
            while (!closed.get() && queue.size() >= capacity) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (closed.get()) {
                return false;
            }
            if (frame.offset() > cursor) {
                enqueue(frame);
            }
        }
        drain.run();
        return true;
    }

    /** Joins a crowded batch's channel, which has left out {@code leftOut} item events before this viewer came. */
    synchronized void sampledFrom(long leftOut) {
        sampledSeen = leftOut;
    }

    /**
     * A crowded batch's notice of left-out item events: this stream is told what it has not been
     * told yet. Never dropped (the counts must add up); one a second at most, so a client that does
     * not read holds a few until the slow-client timeout closes it.
     */
    void sampled(SampledNotice notice) {
        synchronized (this) {
            // at the stream's position is still news: a notice may go out right after the kept
            // event before it; behind it, the stream joined later and the count is none of its
            if (closed.get() || notice.offset() < cursor) {
                return;
            }
            long skipped = notice.leftOut() - sampledSeen;
            sampledSeen = notice.leftOut();
            untold = 0;
            if (skipped <= 0) {
                advance(notice.offset());
                return;
            }
            enqueue(notice.frame(skipped));
        }
        drain.run();
    }

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
        QueuedFrame tail = queue.peekLast();
        if (tail == null) {
            writtenCursor = Math.max(writtenCursor, offset);
            writtenUntold = untold;
            if (finishing != null) {
                drain.run();
            }
        } else {
            tail.cursorAfter = Math.max(tail.cursorAfter, offset);
            tail.untoldAfter = untold;
        }
    }

    /** {@code frame}: the snapshot's batch.progress, encoded once for all viewers of the batch. */
    void snapshot(ProgressSnapshot snapshot, Frame frame) {
        synchronized (this) {
            if (closed.get() || !SnapshotOrder.follows(latest, snapshot)) {
                return;
            }
            latest = snapshot;
            latestFrame = frame;
            finishing = SnapshotStates.isFinal(snapshot.status()) ? snapshot : null;
            if (queuedSnapshot != null) {
                queuedSnapshot.frame = frame;
            } else if (skipped == 0) {
                queuedSnapshot = new QueuedFrame(frame, Long.MIN_VALUE, true, false);
                queue.add(queuedSnapshot);
            }
        }
        drain.run();
    }

    void heartbeat() {
        synchronized (this) {
            // not before the snapshot: a stream's first event is its batch's snapshot (DESIGN §6)
            if (closed.get() || !queue.isEmpty() || latest == null) {
                return;
            }
            queue.add(new QueuedFrame(SseEvents.HEARTBEAT_FRAME, Long.MIN_VALUE, false, false));
        }
        drain.run();
    }

    void fail(String code, String message) {
        synchronized (this) {
            queue.clear();
            queuedSnapshot = null;
            queue.add(new QueuedFrame(new Frame(SseEvents.ERROR, Frame.NO_OFFSET, SseEvents.error(code, message),
                    false), Long.MIN_VALUE, false, true));
        }
        drain.run();
    }

    private void enqueue(Frame frame) {
        QueuedFrame entry = new QueuedFrame(frame, frame.offset(), false, false);
        entry.untoldAfter = untold;
        queue.add(entry);
        cursor = frame.offset();
    }

    /** The next frame to write, or null; makes room for a waiting replay. */
    synchronized Next take() {
        QueuedFrame entry = next();
        if (entry == null) {
            return null;
        }
        notifyAll();
        String id = entry.idFromCursor ? ResumeId.of(writtenCursor, writtenUntold)
                : entry.frame.offset() == Frame.NO_OFFSET ? null : ResumeId.of(entry.frame.offset(), entry.untoldAfter);
        return new Next(entry, id);
    }

    synchronized void written(QueuedFrame entry) {
        if (entry.cursorAfter >= writtenCursor) {
            writtenCursor = entry.cursorAfter;
            writtenUntold = entry.untoldAfter;
        }
        if (!SseEvents.HEARTBEAT.equals(entry.frame.name())) {
            lastWrittenIsSnapshot = SseEvents.PROGRESS.equals(entry.frame.name());
        }
    }

    /** The next queued entry; once the queue is empty, the pending gap notice or the batch's end. */
    private QueuedFrame next() {
        QueuedFrame entry = queue.poll();
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
            writtenUntold = untold;
            if (latest != null) {
                queuedSnapshot = new QueuedFrame(latestFrame, Long.MIN_VALUE, true, false);
                queue.add(queuedSnapshot);
            }
            QueuedFrame notice = new QueuedFrame(gap, cursor, true, false);
            notice.untoldAfter = untold;
            return notice;
        }
        if (finishing != null && writtenCursor >= finishing.sourceOffset()) {
            ProgressSnapshot last = finishing;
            finishing = null;
            queue.add(new QueuedFrame(new Frame(SseEvents.COMPLETE, Frame.NO_OFFSET, SseEvents.complete(last), false),
                    Long.MIN_VALUE, true, true));
            if (!lastWrittenIsSnapshot || latest != last) {
                return new QueuedFrame(latest == last ? latestFrame : SseEvents.progressFrame(last),
                        Long.MIN_VALUE, true, false);
            }
            return queue.poll();
        }
        return null;
    }

    /** Drops what is queued and wakes a waiting replay (the stream has closed). */
    synchronized void clear() {
        queue.clear();
        queuedSnapshot = null;
        notifyAll();
    }
}
