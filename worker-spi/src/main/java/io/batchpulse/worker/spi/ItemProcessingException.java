package io.batchpulse.worker.spi;

import java.util.List;

/**
 * A processor's way to fail an attempt with a stable error code. A retryable failure is tried
 * again (after a backoff) while attempts remain; a permanent one fails the item at once.
 */
public class ItemProcessingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final List<String> details;
    private final boolean retryable;

    public ItemProcessingException(String code, String message, List<String> details, boolean retryable) {
        this(code, message, details, retryable, null);
    }

    public ItemProcessingException(String code, String message, List<String> details, boolean retryable,
            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryable = retryable;
    }

    /** The input or the work itself is wrong: trying again cannot help. */
    public static ItemProcessingException permanent(String code, String message, String... details) {
        return new ItemProcessingException(code, message, List.of(details), false);
    }

    /** A transient problem (timeout, overload, unavailable dependency): another attempt may succeed. */
    public static ItemProcessingException retryable(String code, String message, String... details) {
        return new ItemProcessingException(code, message, List.of(details), true);
    }

    public String code() {
        return code;
    }

    public List<String> details() {
        return details;
    }

    public boolean retryable() {
        return retryable;
    }
}
