package io.batchpulse.gateway.stream;

import io.batchpulse.events.model.BatchStatus;

/** Which batch statuses end a stream. */
final class SnapshotStates {

    private SnapshotStates() {
    }

    static boolean isFinal(BatchStatus status) {
        return status == BatchStatus.COMPLETED || status == BatchStatus.COMPLETED_WITH_ERRORS
                || status == BatchStatus.FAILED || status == BatchStatus.CANCELLED;
    }
}
