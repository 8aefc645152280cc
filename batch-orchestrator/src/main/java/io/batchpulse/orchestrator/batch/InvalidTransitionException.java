package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.model.BatchStatus;

/** The status machine refused an action in the batch's current status. */
public class InvalidTransitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient BatchStatus current;

    public InvalidTransitionException(BatchStatus current, BatchStatusMachine.Action action) {
        super("cannot " + action.verb() + " a batch that is " + current.wire());
        this.current = current;
    }

    public BatchStatus current() {
        return current;
    }
}
