package io.batchpulse.gateway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal that the API answers with its code's status and the envelope's error, plus any
 * response headers the refusal needs (e.g. {@code Upload-Offset} on OFFSET_MISMATCH).
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<String> details;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message, List<String> details) {
        this(code, message, details, Map.of());
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    private ApiException(ErrorCode code, String message, List<String> details, Map<String, String> headers) {
        super(message);
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public List<String> details() {
        return details;
    }

    /** Headers the error answer carries besides the envelope. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The same refusal, answered with one more header. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(code, getMessage(), details, more);
    }

    public ApiError toError() {
        return new ApiError(code.name(), getMessage(), details);
    }

    public static ApiException validation(List<String> details) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, "The request is not valid", details);
    }
}
