package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.GatewayProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The stream's threads: a small fixed pool that copies queued frames into sockets (non-blocking:
 * a task never waits on a client; its queue holds at most one task per connection, as a
 * connection schedules a drain only when none is pending and its socket is writable), and one
 * scheduler for heartbeats, coalesced snapshots and slow-client checks.
 */
@Component
class StreamSchedulers implements DisposableBean {

    private final ExecutorService writers;
    private final ScheduledExecutorService scheduler;

    StreamSchedulers(GatewayProperties properties) {
        int threads = properties.stream().writerThreads();
        this.writers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named("sse-writer"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("sse-scheduler"));
    }

    ExecutorService writers() {
        return writers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        writers.shutdownNow();
    }
}
