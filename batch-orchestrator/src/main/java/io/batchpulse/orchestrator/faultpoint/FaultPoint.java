package io.batchpulse.orchestrator.faultpoint;

/**
 * The moments RELIABILITY.md's F2 names, between two writes that are not atomic together, where a
 * fault test has the orchestrator die as kill -9 would ({@link FaultPoints}).
 */
public enum FaultPoint {
    /** A command's database transaction committed; its offset on batch-commands not yet. */
    COMMAND_APPLIED,
    /** The dispatcher's claims committed; their records not yet sent. */
    ITEMS_CLAIMED,
    /** An outbox page acknowledged by the brokers; its rows not yet deleted. */
    OUTBOX_SENT,
    /** A poll of item results recorded in PostgreSQL; its offsets on batch-events not yet committed. */
    RESULTS_RECORDED,
    /** Expired leases requeued or failed, their events in the outbox; nothing of it relayed yet. */
    LEASES_EXPIRED
}
