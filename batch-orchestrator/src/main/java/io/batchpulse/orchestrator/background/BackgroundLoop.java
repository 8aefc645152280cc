package io.batchpulse.orchestrator.background;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * A thread of this orchestrator that works on its own (the dispatcher, the slicer, the callback
 * deliveries). It starts once the application is ready, not at the context refresh, so that the
 * start-up work comes first; it stops before the Kafka listener containers and the data source go
 * away, and it may start again after a stop.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private volatile boolean running;

    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        start();
    }

    @Override
    public final synchronized void start() {
        if (!running) {
            // first: a round that begins at once must see the loop running
            running = true;
            try {
                begin();
            } catch (RuntimeException e) {
                running = false;
                throw e;
            }
        }
    }

    /** Work under way may look at {@link #isRunning()} and leave the rest for the next start. */
    @Override
    public final synchronized void stop() {
        if (running) {
            running = false;
            end();
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    /** Started by {@link #onReady()}, not by the context refresh. */
    @Override
    public final boolean isAutoStartup() {
        return false;
    }

    /** Stops before the Kafka listener containers and everything else. */
    @Override
    public final int getPhase() {
        return Integer.MAX_VALUE - 10;
    }

    /** Starts the loop's threads. */
    protected abstract void begin();

    /** Stops them, letting the round under way finish. */
    protected abstract void end();
}
