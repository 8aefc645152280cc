package io.batchpulse.orchestrator.faultpoint;

import io.batchpulse.orchestrator.OrchestratorProperties;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Fault injection at chosen points, for the fault tests: a point a test armed (through
 * {@link FaultPointsEndpoint}) halts the JVM when the code reaches it, with no shutdown hooks and no
 * draining, as kill -9 would at that very moment. A random kill seldom lands between two writes
 * that are milliseconds apart; this does, every time. Off unless {@code orchestrator.fault-points}
 * is set, and then a point still does nothing until it is armed.
 */
@Component
public class FaultPoints {

    private static final Logger log = LoggerFactory.getLogger(FaultPoints.class);
    /** What the shell reports for a process killed by SIGKILL. */
    private static final int KILLED = 137;

    private final boolean enabled;
    private final EnumSet<FaultPoint> armed = EnumSet.noneOf(FaultPoint.class);
    /** Read on every pass of the hot paths: one volatile read when nothing is armed. */
    private volatile boolean anyArmed;

    @Autowired
    FaultPoints(OrchestratorProperties properties) {
        this(properties.faultPoints());
    }

    FaultPoints(boolean enabled) {
        this.enabled = enabled;
    }

    /** Halts here when a test armed this point; otherwise returns at once. */
    public void reach(FaultPoint point) {
        if (anyArmed && isArmed(point)) {
            log.error("Halting at fault point {}, as a test asked", point);
            Runtime.getRuntime().halt(KILLED);
        }
    }

    synchronized void arm(FaultPoint point) {
        if (!enabled) {
            throw new IllegalStateException("fault points are off (orchestrator.fault-points)");
        }
        log.warn("Fault point {} armed: this instance halts when it reaches it", point);
        armed.add(point);
        anyArmed = true;
    }

    synchronized void disarm(FaultPoint point) {
        armed.remove(point);
        anyArmed = !armed.isEmpty();
    }

    synchronized Set<FaultPoint> armed() {
        return EnumSet.copyOf(armed);
    }

    private synchronized boolean isArmed(FaultPoint point) {
        return armed.contains(point);
    }
}
