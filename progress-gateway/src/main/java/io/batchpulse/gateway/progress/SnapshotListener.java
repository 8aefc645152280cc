package io.batchpulse.gateway.progress;

import io.batchpulse.events.progress.ProgressSnapshot;

/**
 * Hears every snapshot this instance's global store takes in from batch-progress, on the Streams
 * global thread: implementations must hand the work off and return at once.
 */
public interface SnapshotListener {

    void onSnapshot(ProgressSnapshot snapshot);
}
