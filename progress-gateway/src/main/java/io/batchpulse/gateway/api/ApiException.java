package io.batchpulse.gateway.api;

import java.util.List;

/** A refusal that the API answers with its code's status and the envelope's error. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<String> details;

    public ApiException(ErrorCode code, String message, List<String> details) {
        super(message);
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public ErrorCode code() {
        return code;
    }

    public List<String> details() {
        return details;
    }

    public ApiError toError() {
        return new ApiError(code.name(), getMessage(), details);
    }

    public static ApiException validation(List<String> details) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, "The request is not valid", details);
    }
}
