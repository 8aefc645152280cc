package io.batchpulse.gateway.api;

import java.util.Optional;
import org.springframework.http.HttpStatus;

/** The API's stable error codes and the HTTP status each answers with. */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    INVALID_TRANSITION(HttpStatus.CONFLICT),
    /** A chunk of an upload was sent for another offset than the server has (the answer names it). */
    OFFSET_MISMATCH(HttpStatus.CONFLICT),
    /** A batch was asked of an upload whose bytes have not all arrived. */
    UPLOAD_INCOMPLETE(HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    /** An upload chunk took longer than its deadline (a trickling sender); nothing of it is kept. */
    CHUNK_TOO_SLOW(HttpStatus.REQUEST_TIMEOUT),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    TOO_MANY_STREAMS(HttpStatus.TOO_MANY_REQUESTS),
    /** This instance carries as many streams as its heap allows; the answer says when to retry. */
    STREAMS_FULL(HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The code named on the wire (e.g. in command.rejected), if this gateway knows it. */
    public static Optional<ErrorCode> fromWire(String code) {
        for (ErrorCode candidate : values()) {
            if (candidate.name().equals(code)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
