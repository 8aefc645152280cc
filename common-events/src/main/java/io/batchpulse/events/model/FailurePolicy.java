package io.batchpulse.events.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Pause or fail a batch once more than {@code maxFailureRatio} of its finished items failed,
 * judged only after {@code minFinished} items finished so early noise does not trip it.
 */
public record FailurePolicy(
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double maxFailureRatio,
        @Min(1) @Max(1_000_000) Integer minFinished,
        FailureAction action) {

    public static final int DEFAULT_MIN_FINISHED = 10;

    public FailurePolicy withDefaults() {
        return new FailurePolicy(maxFailureRatio,
                minFinished == null ? DEFAULT_MIN_FINISHED : minFinished,
                action == null ? FailureAction.PAUSE : action);
    }

    public boolean tripped(long finished, long failed) {
        return finished >= minFinished && (double) failed / finished > maxFailureRatio;
    }
}
