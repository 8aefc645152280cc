package io.batchpulse.orchestrator.api;

/** The requested batch does not exist (404). */
class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message);
    }
}
