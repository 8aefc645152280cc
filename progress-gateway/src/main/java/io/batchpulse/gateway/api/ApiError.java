package io.batchpulse.gateway.api;

import java.util.List;

/**
 * A refusal: a stable code, a message for people, and details such as
 * {@code "options.maxInFlight: must be greater than or equal to 1"}.
 */
public record ApiError(String code, String message, List<String> details) {

    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
