package io.batchpulse.orchestrator.slice;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.BatchMdc;
import io.batchpulse.orchestrator.db.Transactions;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The slicer thread: finishes the cancels and retry-failed commands that answered already, one
 * slice per transaction, batch after batch. It has a thread of its own so that a slice (a few
 * hundred milliseconds for 10,000 rows) never holds up a dispatch tick of the other batches.
 * It starts when the application is ready and picks up what a stopped orchestrator left.
 */
@Component
class SliceSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SliceSweeper.class);

    private final ItemSlices slices;
    private final Transactions transactions;
    private final long pollMillis;
    private volatile ScheduledExecutorService executor;

    SliceSweeper(ItemSlices slices, Transactions transactions, OrchestratorProperties properties) {
        this.slices = slices;
        this.transactions = transactions;
        this.pollMillis = properties.slices().pollInterval().toMillis();
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        start();
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slicer");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::sweep, 0, pollMillis, TimeUnit.MILLISECONDS);
        executor = started;
    }

    /** Every outstanding batch to its end, unless the orchestrator stops: the rest waits in the database. */
    void sweep() {
        try {
            for (UUID batchId : slices.outstanding()) {
                BatchMdc.run(batchId, () -> {
                    int slicesMoved = 1;
                    while (executor != null && transactions.inTransaction(() -> slices.nextSlice(batchId))) {
                        slicesMoved++;
                    }
                    log.info("Batch {}: cancel or retry-failed done after {} more slices", batchId, slicesMoved);
                });
            }
        } catch (RuntimeException e) {
            // A failed round must not kill the scheduled task; the next one goes on from the database.
            log.warn("slice sweep failed: {}", e.toString(), e);
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        executor = null;
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Started by {@link #onReady()}, with the dispatcher. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    /** Stops before the data source goes away, like the dispatcher. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 10;
    }
}
