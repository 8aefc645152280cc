package io.batchpulse.worker.dispatch;

/** A dispatch record this worker cannot read; no retry can make it readable. */
class UnreadableDispatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableDispatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
