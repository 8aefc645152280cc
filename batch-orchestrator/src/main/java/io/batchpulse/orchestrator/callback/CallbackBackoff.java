package io.batchpulse.orchestrator.callback;

import io.batchpulse.orchestrator.OrchestratorProperties;
import java.time.Duration;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * When a failed delivery is tried again: Spring's {@link ExponentialBackOff} with jitter, so
 * receivers that came back after an outage are not hit by every delivery at the same instant. The
 * attempt count lives in the database, so the delay for attempt n is the n-th of a fresh execution.
 */
final class CallbackBackoff {

    private final ExponentialBackOff backOff;

    CallbackBackoff(OrchestratorProperties.Callbacks settings) {
        backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), settings.multiplier());
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setJitter(settings.jitter().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
    }

    /** @param failedAttempts how many attempts failed so far (1 after the first) */
    Duration afterFailedAttempts(int failedAttempts) {
        BackOffExecution execution = backOff.start();
        long delay = 0;
        for (int i = 0; i < Math.max(1, failedAttempts); i++) {
            delay = execution.nextBackOff();
        }
        return Duration.ofMillis(delay);
    }
}
