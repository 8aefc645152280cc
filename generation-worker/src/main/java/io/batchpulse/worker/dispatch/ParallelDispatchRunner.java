package io.batchpulse.worker.dispatch;

import io.batchpulse.events.item.ItemDispatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs the dispatches of one poll on a bounded pool shared by all consumer threads: at most
 * {@code parallelism} per consumer thread at once, so the pool ({@code concurrency * parallelism}
 * threads) never rejects work. Deliberately a plain executor rather than a Spring-managed one:
 * it must keep accepting work while the listener container drains on shutdown, and is closed
 * only after the container stopped.
 */
class ParallelDispatchRunner implements DisposableBean {

    private final Function<ConsumerRecord<String, ItemDispatch>, CompletableFuture<Void>> attempts;
    private final int parallelism;
    private final Duration shutdownTimeout;
    private final ThreadPoolExecutor pool;

    /**
     * @param attempts runs one dispatch record and returns once it is processed; the future
     *                 completes when its events are acknowledged
     */
    ParallelDispatchRunner(Function<ConsumerRecord<String, ItemDispatch>, CompletableFuture<Void>> attempts, int concurrency, int parallelism, Duration shutdownTimeout) {
        this.attempts = attempts;
        this.parallelism = parallelism;
        this.shutdownTimeout = shutdownTimeout;
        int threads = concurrency * parallelism;
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads), new CustomizableThreadFactory("item-"));
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Returns when every dispatch is processed and its events are sent; throws if a send failed. */
    void runAll(List<ConsumerRecord<String, ItemDispatch>> dispatches) {
        if (dispatches.isEmpty()) {
            return;
        }
        Semaphore permits = new Semaphore(parallelism);
        List<CompletableFuture<Void>> all = new ArrayList<>(dispatches.size());
        for (ConsumerRecord<String, ItemDispatch> dispatch : dispatches) {
            permits.acquireUninterruptibly();
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return attempts.apply(dispatch);
                } finally {
                    permits.release();
                }
            }, pool).thenCompose(sent -> sent));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).join();
        } catch (CompletionException e) {
            // Not a BatchListenerFailedException: the whole poll is redelivered after a backoff,
            // which repeats some events; the orchestrator ignores repeats of an attempt.
            throw new IllegalStateException("Could not finish the dispatches of a poll: " + e.getCause(),
                    e.getCause());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
