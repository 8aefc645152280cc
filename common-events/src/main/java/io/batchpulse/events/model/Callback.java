package io.batchpulse.events.model;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A URL the orchestrator POSTs to, signed with {@code secret}, when the batch reaches one of
 * {@code events}. The secret travels in the create command only: no event and no read API carries it.
 *
 * @param secret the HMAC-SHA256 key of the {@code Batchpulse-Signature} header; null sends no signature
 */
public record Callback(
        @NotNull @Size(max = 2000) @Pattern(regexp = "(?i)https?://[^\\s/?#@]+(?:[/?#]\\S*)?",
                message = "must be an absolute http or https URL") String url,
        // an unknown event name reads as null (readers tolerate new enum values), so null is what a typo looks like
        @NotEmpty @Size(max = 4) List<@NotNull(message = "must be one of completed, failed, cancelled, paused")
                CallbackEvent> events,
        @Size(min = 8, max = 200) String secret) {

    /** At most this many callbacks per batch. */
    public static final int MAX_PER_BATCH = 5;
}
