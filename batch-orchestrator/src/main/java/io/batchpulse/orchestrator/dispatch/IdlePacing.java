package io.batchpulse.orchestrator.dispatch;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the dispatcher's next tick is due. After a tick that found work, every tick is; after an
 * idle one, the next is due once {@code idleInterval} has passed, or at once when something woke
 * the dispatcher. Used from the dispatcher thread only.
 */
final class IdlePacing {

    private final long idleNanos;
    private final LongSupplier nanoClock;
    private boolean idle;
    private long idleUntil;

    IdlePacing(Duration idleInterval, LongSupplier nanoClock) {
        this.idleNanos = idleInterval.toNanos();
        this.nanoClock = nanoClock;
    }

    boolean due(boolean woken) {
        return woken || !idle || nanoClock.getAsLong() - idleUntil >= 0;
    }

    /** After a tick; {@code idle}: it found nothing to relay and no batch to dispatch for. */
    void ticked(boolean idle) {
        this.idle = idle;
        if (idle) {
            idleUntil = nanoClock.getAsLong() + idleNanos;
        }
    }
}
