package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.background.BackgroundLoop;
import io.batchpulse.orchestrator.background.DispatchWakeup;
import io.batchpulse.orchestrator.lease.LeaseSweeper;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import io.batchpulse.orchestrator.queue.QueueWatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dispatcher thread. One thread runs the outbox relay + dispatch tick and, every sweep
 * interval, the lease sweeper and deadline check and the shared limits' queue places, so these
 * never race each other. Each round holds the batches this instance owns steady, and a tick first
 * takes over the partitions the command group assigned since the last one. After a tick that found
 * nothing to do, the next waits for the idle interval unless something wakes the loop first
 * ({@link IdlePacing}, {@link DispatchWakeup}), so that an idle orchestrator leaves PostgreSQL
 * alone. It starts when the application is ready and stops early on shutdown, before the producer
 * and the data source go away (and before the command listener hands its partitions over).
 */
@Component
class DispatchLoop extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final LeaseSweeper sweeper;
    private final TakeOverRedispatch redispatch;
    private final BatchOwnership ownership;
    private final OrchestratorProperties properties;
    private final DispatchMetrics metrics;
    private final QueueWatch queue;
    private final DispatchWakeup wakeup;
    private volatile ScheduledExecutorService executor;

    DispatchLoop(Dispatcher dispatcher, LeaseSweeper sweeper, TakeOverRedispatch redispatch,
            BatchOwnership ownership, OrchestratorProperties properties, DispatchMetrics metrics, QueueWatch queue,
            DispatchWakeup wakeup) {
        this.wakeup = wakeup;
        this.ownership = ownership;
        this.metrics = metrics;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.sweeper = sweeper;
        this.redispatch = redispatch;
        this.properties = properties;
    }

    @Override
    protected void begin() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        long tick = properties.dispatch().tickInterval().toMillis();
        long sweep = properties.lease().sweepInterval().toMillis();
        IdlePacing pacing = new IdlePacing(properties.dispatch().idleTickInterval(), System::nanoTime);
        executor.scheduleWithFixedDelay(() -> {
            if (!pacing.due(wakeup.takeWakeup())) {
                return;
            }
            // busy until the tick says otherwise: a tick that fails is tried again at the regular pace
            pacing.ticked(false);
            guarded("dispatch tick", () -> {
                redispatch.resend(ownership.takeOverAssigned());
                Dispatcher.Tick done = dispatcher.tick();
                metrics.ticked(done.dispatched());
                pacing.ticked(done.idle());
            });
        }, 0, tick, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> guarded("lease sweep", sweeper::sweep), sweep, sweep,
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> guarded("queue places", queue::observe), sweep, sweep,
                TimeUnit.MILLISECONDS);
        log.info("Dispatcher started: tick {} ms ({} when idle), lease sweep {} ms", tick,
                properties.dispatch().idleTickInterval().toMillis(), sweep);
    }

    @Override
    protected void end() {
        ScheduledExecutorService running = executor;
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
        log.info("Dispatcher stopped");
    }

    private void guarded(String what, Runnable work) {
        try {
            ownership.round(work);
        } catch (RuntimeException e) {
            // A failed round must not kill the scheduled task; the next one tries again.
            log.warn("{} failed: {}", what, e.toString(), e);
        }
    }
}
