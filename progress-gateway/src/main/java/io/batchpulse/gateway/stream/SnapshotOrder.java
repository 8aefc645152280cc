package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;

/**
 * Which snapshot a viewer may get after the one it has. Versions order the topology's snapshots.
 * A viewer that connected before the topology had a snapshot started from one made from the
 * orchestrator's view (version 0), which can be ahead of the topology: the topology's snapshots
 * that are still behind it in finished items are held back, so that a viewer never sees finished
 * counts go down (RELIABILITY.md, I4). A final snapshot always goes out: it ends the stream.
 */
final class SnapshotOrder {

    private SnapshotOrder() {
    }

    static boolean follows(ProgressSnapshot latest, ProgressSnapshot next) {
        if (latest == null) {
            return true;
        }
        if (next.version() <= latest.version()) {
            return false;
        }
        boolean latestFromView = latest.version() == 0;
        return !latestFromView || SnapshotStates.isFinal(next.status())
                || next.completed() >= latest.completed() && next.failed() >= latest.failed()
                        && next.cancelled() >= latest.cancelled();
    }
}
