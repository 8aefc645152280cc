package io.batchpulse.worker.spi;

import java.time.Instant;
import java.util.List;

/**
 * A processor's way to fail an attempt with a stable error code. A retryable failure is tried
 * again (after a backoff) while attempts remain; a permanent one fails the item at once. A
 * throttled one (the processor's upstream asked to be called again no earlier than a given time,
 * as HTTP's Retry-After does) is tried again at that time and does not count as an attempt.
 */
public class ItemProcessingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final List<String> details;
    private final boolean retryable;
    private final Instant throttledUntil;

    public ItemProcessingException(String code, String message, List<String> details, boolean retryable) {
        this(code, message, details, retryable, null);
    }

    public ItemProcessingException(String code, String message, List<String> details, boolean retryable,
            Throwable cause) {
        this(code, message, details, retryable, null, cause);
    }

    private ItemProcessingException(String code, String message, List<String> details, boolean retryable,
            Instant throttledUntil, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryable = retryable;
        this.throttledUntil = throttledUntil;
    }

    /** The input or the work itself is wrong: trying again cannot help. */
    public static ItemProcessingException permanent(String code, String message, String... details) {
        return new ItemProcessingException(code, message, List.of(details), false);
    }

    /** A transient problem (timeout, overload, unavailable dependency): another attempt may succeed. */
    public static ItemProcessingException retryable(String code, String message, String... details) {
        return new ItemProcessingException(code, message, List.of(details), true);
    }

    /** The upstream asked not to be called again before {@code until}: not an attempt's failure. */
    public static ItemProcessingException throttled(String code, String message, Instant until, String... details) {
        return new ItemProcessingException(code, message, List.of(details), true, until, null);
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

    /** When the upstream may be called again; null unless {@link #throttled}. */
    public Instant throttledUntil() {
        return throttledUntil;
    }
}
