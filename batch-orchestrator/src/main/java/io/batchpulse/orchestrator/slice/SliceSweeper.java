package io.batchpulse.orchestrator.slice;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.background.BackgroundLoop;
import io.batchpulse.orchestrator.background.DispatchWakeup;
import io.batchpulse.orchestrator.batch.BatchMdc;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The slicer thread: finishes the cancels and retry-failed commands that answered already, and fills
 * the batches "Run again" created, one slice per transaction, batch after batch. It has a thread of its own so that a slice (a few
 * hundred milliseconds for 10,000 rows) never holds up a dispatch tick of the other batches.
 * It starts when the application is ready and picks up what a stopped orchestrator left, for the
 * batches this instance owns.
 */
@Component
class SliceSweeper extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(SliceSweeper.class);

    private final ItemSlices slices;
    private final CopySlices copies;
    private final Transactions transactions;
    private final Duration pollInterval;
    private final BatchOwnership ownership;
    private final DispatchWakeup wakeup;
    private volatile ThreadPoolTaskScheduler scheduler;

    SliceSweeper(ItemSlices slices, CopySlices copies, Transactions transactions, OrchestratorProperties properties,
            BatchOwnership ownership, DispatchWakeup wakeup) {
        this.wakeup = wakeup;
        this.ownership = ownership;
        this.slices = slices;
        this.copies = copies;
        this.transactions = transactions;
        this.pollInterval = properties.slices().pollInterval();
    }

    @Override
    protected void begin() {
        ThreadPoolTaskScheduler started = new ThreadPoolTaskScheduler();
        started.setThreadNamePrefix("slicer");
        started.setDaemon(true);
        // a slice under way commits (or rolls back) before the data source goes away
        started.setWaitForTasksToCompleteOnShutdown(true);
        started.setAwaitTerminationSeconds(30);
        started.initialize();
        started.scheduleWithFixedDelay(this::sweep, pollInterval);
        scheduler = started;
    }

    /** Every outstanding batch to its end, unless the orchestrator stops: the rest waits in the database. */
    void sweep() {
        try {
            for (UUID batchId : ownership.owned(slices.outstanding())) {
                BatchMdc.run(batchId, () -> {
                    int slicesMoved = 1;
                    // a slice of a retry-failed makes its items pending: they are dispatched as it goes
                    while (isRunning() && transactions.inTransaction(() -> slices.nextSlice(batchId))) {
                        wakeup.wake();
                        slicesMoved++;
                    }
                    wakeup.wake();
                    log.info("Batch {}: {} slices of its cancel or retry-failed moved", batchId, slicesMoved);
                });
            }
            for (UUID batchId : ownership.owned(copies.outstanding())) {
                BatchMdc.run(batchId, () -> {
                    boolean more = true;
                    while (more && isRunning()) {
                        // the copied items are the rerun's pending ones
                        more = transactions.inTransaction(() -> copies.nextSlice(batchId));
                        wakeup.wake();
                    }
                });
            }
        } catch (RuntimeException e) {
            // A failed round must not kill the scheduled task; the next one goes on from the database.
            log.warn("slice sweep failed: {}", e.toString(), e);
        }
    }

    @Override
    protected void end() {
        ThreadPoolTaskScheduler running = scheduler;
        scheduler = null;
        if (running != null) {
            running.shutdown();
        }
    }
}
