package io.batchpulse.orchestrator.callback;

import io.batchpulse.orchestrator.OrchestratorProperties;
import java.time.Duration;
import java.util.List;

/** Callback settings for unit tests: the defaults but for what a test names. */
final class CallbackSettings {

    private CallbackSettings() {
    }

    static OrchestratorProperties.Callbacks backoff(Duration initial, double multiplier, Duration max, Duration jitter) {
        return new OrchestratorProperties.Callbacks(List.of(), Duration.ofSeconds(1), 4, Duration.ofSeconds(5),
                Duration.ofSeconds(10), initial, multiplier, max, jitter, Duration.ofHours(24));
    }

    static OrchestratorProperties.Callbacks allowing(List<String> allowedTargets) {
        return new OrchestratorProperties.Callbacks(allowedTargets, Duration.ofSeconds(1), 4, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10), 2.0, Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofHours(24));
    }
}
