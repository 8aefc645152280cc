package io.batchpulse.events.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Flow settings of a batch. Every field is optional on the wire; {@link #withDefaults()} fills
 * what the caller left out, so every producer of a create command gets the same defaults.
 *
 * @param limit    the name of a shared limit of the orchestrator's configuration
 *                 ({@code orchestrator.limits.<name>}) that this batch's dispatch counts against
 *                 together with every other batch naming it; null: none
 * @param priority which batches are served first (default normal)
 */
public record BatchOptions(
        @Min(1) @Max(10_000) Integer maxInFlight,
        @Min(1) @Max(100) Integer maxAttempts,
        @DurationMin(seconds = 1) @DurationMax(hours = 24) Duration itemTimeout,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("100000") Double itemsPerSecond,
        @DurationMin(seconds = 1) @DurationMax(days = 30) Duration deadline,
        @Valid FailurePolicy failurePolicy,
        @Pattern(regexp = LIMIT_NAME, message = "must be a limit name (lowercase letters, digits, '.', '_', '-')") String limit,
        Priority priority) {

    /** Limit names are configuration keys, so they are what relaxed binding keeps of a key. */
    public static final String LIMIT_NAME = "[a-z0-9][a-z0-9._-]{0,63}";

    public static final int DEFAULT_MAX_IN_FLIGHT = 32;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_ITEM_TIMEOUT = Duration.ofMinutes(5);

    /** The options before shared limits and priorities. */
    public BatchOptions(Integer maxInFlight, Integer maxAttempts, Duration itemTimeout, Double itemsPerSecond,
            Duration deadline, FailurePolicy failurePolicy) {
        this(maxInFlight, maxAttempts, itemTimeout, itemsPerSecond, deadline, failurePolicy, null, null);
    }

    public static BatchOptions defaults() {
        return new BatchOptions(null, null, null, null, null, null).withDefaults();
    }

    public BatchOptions withDefaults() {
        return new BatchOptions(
                maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight,
                maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts,
                itemTimeout == null ? DEFAULT_ITEM_TIMEOUT : itemTimeout,
                itemsPerSecond,
                deadline,
                failurePolicy == null ? null : failurePolicy.withDefaults(),
                limit,
                priority == null ? Priority.NORMAL : priority);
    }

    /** These options at another priority. */
    public BatchOptions withPriority(Priority newPriority) {
        return new BatchOptions(maxInFlight, maxAttempts, itemTimeout, itemsPerSecond, deadline, failurePolicy, limit,
                newPriority);
    }
}
