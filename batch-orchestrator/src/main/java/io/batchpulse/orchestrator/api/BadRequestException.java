package io.batchpulse.orchestrator.api;

/** A query parameter the API cannot use (400). */
public class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
