package io.batchpulse.deploy;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.model.ItemError;

/**
 * The orchestrator's lease expiries as a reader of batch-events sees them: an item.retrying or
 * item.failed with the error code LEASE_EXPIRED, naming the worker that held the attempt.
 */
final class LeaseExpiries {

    static final String LEASE_EXPIRED = "LEASE_EXPIRED";

    private LeaseExpiries() {
    }

    static boolean isExpiry(BatchEvent event) {
        return LEASE_EXPIRED.equals(errorCode(event));
    }

    /** The error code of an item.retrying or item.failed; null for any other event. */
    static String errorCode(BatchEvent event) {
        ItemError error = event instanceof ItemRetrying retrying ? retrying.error()
                : event instanceof ItemFailed failed ? failed.error() : null;
        return error == null ? null : error.code();
    }
}
