package io.batchpulse.gateway.stream;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The socket side of one stream, on Servlet non-blocking I/O: frames go out only while
 * {@link ServletOutputStream#isReady()} says so. When it does not, the drain returns and the
 * container calls {@link #onWritePossible()} once the client has read, so no thread ever waits on
 * a socket. A client that stays unwritable for {@code slowClientTimeout} is closed (its reconnect
 * resumes from its Last-Event-ID).
 *
 * <p>One drain at a time: {@code drainRequests} counts requests, and only the caller that raises
 * it from zero drains (on the container's thread when the socket became writable, else on the
 * writer pool), repeating while more requests came in. While the socket is not writable nobody
 * drains, however many frames are queued, so a stalled client costs no CPU.
 *
 * <p>The container may end the request at any moment on a thread of its own (the client went
 * away: {@code onError}, then {@code onComplete}) and then recycles the request and response for
 * another connection. A writer thread still holding them would write to, or complete, a stranger's
 * stream: a new viewer then got its headers and an empty, closed body. So every use of the
 * response or the async context from our threads happens under {@code container}, and only while
 * {@code usable}; the container's callbacks take the same lock to end it, and so wait for a write
 * in progress (a non-blocking write, never long). Spring MVC guards its async requests the same way.
 */
final class SseSocket implements WriteListener, AsyncListener {

    private final SseConnection connection;
    private final StreamQueue queue;
    private final Executor writers;
    private final ScheduledExecutorService scheduler;
    private final StreamMetrics metrics;
    private final byte[] retryLine;
    private final long slowClientNanos;
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicBoolean stallCheckArmed = new AtomicBoolean();
    private final ReentrantLock container = new ReentrantLock();
    // guarded by container: false once the request has ended, or is ending, on either side
    private boolean usable = true;
    private volatile AsyncContext async;
    private volatile ServletOutputStream out;
    // false until the container first says the socket is writable, and again while it is not
    private volatile boolean writable;
    // System.nanoTime() (never 0) since the socket has not been writable; 0 while it is
    private volatile long stalledSince;

    // the drain's own: the frame being written, part by part, as isReady() allows
    private QueuedFrame current;
    private byte[][] parts;
    private int nextPart;
    private boolean retrySent;

    SseSocket(SseConnection connection, StreamQueue queue, StreamSchedulers schedulers, StreamMetrics metrics,
            long retryMs, long slowClientNanos) {
        this.connection = connection;
        this.queue = queue;
        this.writers = schedulers.writers();
        this.scheduler = schedulers.scheduler();
        this.metrics = metrics;
        this.retryLine = ("retry:" + retryMs + "\n").getBytes(StandardCharsets.UTF_8);
        this.slowClientNanos = slowClientNanos;
    }

    /** Takes over the started async request; writing begins with the container's first onWritePossible. */
    void attach(AsyncContext context) throws IOException {
        context.setTimeout(0);
        context.addListener(this);
        this.async = context;
        ServletOutputStream stream = context.getResponse().getOutputStream();
        this.out = stream;
        stream.setWriteListener(this);
    }

    /** Something was queued: drain unless a drain runs or the socket is waiting to become writable. */
    void requestDrain() {
        if (writable && drainRequests.getAndIncrement() == 0) {
            try {
                writers.execute(this::drainLoop);
            } catch (RejectedExecutionException e) {
                // the pool has shut down: the gateway is stopping
                connection.end();
            }
        }
    }

    @Override
    public void onWritePossible() {
        writable = true;
        if (drainRequests.getAndIncrement() == 0) {
            drainLoop();
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
        container.lock();
        try {
            drainUsable();
        } finally {
            container.unlock();
        }
    }

    private void drainUsable() {
        try {
            while (usable && !connection.isClosed()) {
                if (current == null && !takeNext()) {
                    // flushed only when the queue is empty: a busy stream's events share TCP segments
                    if (ready()) {
                        out.flush();
                        ready();
                    }
                    return;
                }
                while (nextPart < parts.length) {
                    if (!ready()) {
                        return;
                    }
                    out.write(parts[nextPart++]);
                }
                QueuedFrame done = current;
                current = null;
                queue.written(done);
                metrics.sent(done.frame.name());
                if (done.closesAfter) {
                    connection.end();
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            // the client has gone (or the container has ended the request)
            connection.end();
        }
    }

    private boolean takeNext() {
        StreamQueue.Next next = queue.take();
        if (next == null) {
            return false;
        }
        Frame frame = next.entry().frame;
        // a frame's own id is shared, encoded once, unless this stream's id carries an untold count
        byte[] id = next.entry().idFromCursor || next.entry().untoldAfter > 0 ? Frame.idLine(next.id())
                : frame.idLine();
        // the reconnect delay rides on the first event
        byte[] retry = retrySent ? Frame.NOTHING : retryLine;
        retrySent = true;
        current = next.entry();
        parts = new byte[][] {frame.head(), id, retry, frame.body()};
        nextPart = 0;
        return true;
    }

    /** isReady(), and when it is false: the container will call onWritePossible, and the stall clock runs. */
    private boolean ready() {
        if (out.isReady()) {
            writable = true;
            stalledSince = 0;
            return true;
        }
        writable = false;
        if (stalledSince == 0) {
            stalledSince = System.nanoTime() | 1;
        }
        armStallCheck();
        return false;
    }

    /** At most one pending check per stream, however often it stalls and recovers. */
    private void armStallCheck() {
        if (stallCheckArmed.compareAndSet(false, true)) {
            long since = stalledSince;
            long delay = since == 0 ? slowClientNanos : since + slowClientNanos - System.nanoTime();
            try {
                scheduler.schedule(this::checkStall, Math.max(delay, 0), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                stallCheckArmed.set(false);
            }
        }
    }

    private void checkStall() {
        long since = stalledSince;
        if (connection.isClosed()) {
            return;
        }
        if (since != 0 && System.nanoTime() - since >= slowClientNanos) {
            metrics.slowClientClosed();
            connection.end();
            return;
        }
        stallCheckArmed.set(false);
        if (stalledSince != 0) {
            armStallCheck();
        }
    }

    /**
     * Ends the response. What the container still holds for a client that does not read is dropped
     * with the socket when its pending write times out ({@code server.jetty.connection-idle-timeout}).
     */
    void complete() {
        container.lock();
        try {
            AsyncContext context = async;
            if (context != null && usable) {
                usable = false;
                context.complete();
            }
        } catch (IllegalStateException e) {
            // the container has already ended it
        } finally {
            container.unlock();
        }
    }

    /** WriteListener: a write failed (the client went away); completing it here is allowed. */
    @Override
    public void onError(Throwable failure) {
        connection.end();
    }

    /** From here on the container may recycle the request: nothing of ours touches it again. */
    @Override
    public void onComplete(AsyncEvent event) {
        container.lock();
        try {
            usable = false;
        } finally {
            container.unlock();
        }
        connection.close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        connection.end();
    }

    @Override
    public void onError(AsyncEvent event) {
        connection.end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // started once, by the controller
    }
}
