package io.batchpulse.events.progress;

import io.batchpulse.events.model.FailurePolicy;
import java.time.Duration;

/**
 * The settings a batch runs with, for the summary card. The processor's own config is left out
 * on purpose: it may carry credentials (an http processor's headers).
 */
public record ConfigRecap(
        String processor,
        Integer maxInFlight,
        Integer maxAttempts,
        Duration itemTimeout,
        Double itemsPerSecond,
        Duration deadline,
        FailurePolicy failurePolicy) {
}
