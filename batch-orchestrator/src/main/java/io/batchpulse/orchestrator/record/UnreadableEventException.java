package io.batchpulse.orchestrator.record;

/**
 * A batch-events record that could not be read. Not retryable: the error handler sends it to the
 * dead-letter topic at once and the recorder goes on.
 */
public class UnreadableEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableEventException(String message) {
        super(message);
    }
}
