package io.batchpulse.events.model;

import java.util.List;

/**
 * Why an item failed: a stable code, a message for people, and details such as the
 * validation failures a generator reported ({@code ValidationEngineError: stem too short}).
 */
public record ItemError(String code, String message, List<String> details) {

    public ItemError {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
