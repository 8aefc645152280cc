package io.batchpulse.orchestrator.command;

/** A batch-commands record with no command in it. Not retryable: it goes to the DLT at once. */
class UnreadableCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableCommandException(String message) {
        super(message);
    }
}
