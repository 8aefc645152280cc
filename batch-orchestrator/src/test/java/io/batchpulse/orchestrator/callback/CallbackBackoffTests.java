package io.batchpulse.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CallbackBackoffTests {

    @Test
    void withoutJitterTheDelayDoublesFromTheInitialUpToTheMaximum() {
        CallbackBackoff backoff = new CallbackBackoff(CallbackSettings.backoff(Duration.ofSeconds(10), 2.0,
                Duration.ofHours(1), Duration.ZERO));

        assertThat(IntStream.rangeClosed(1, 12).mapToObj(backoff::afterFailedAttempts).map(Duration::toSeconds))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L, 2560L, 3600L, 3600L, 3600L);
    }

    /** Spring's jitter grows with the delay: ± jitter × delay / initial, never below the initial or above the maximum. */
    @Test
    void jitterSpreadsEachDelayAroundItsStepWithinTheBounds() {
        CallbackBackoff backoff = new CallbackBackoff(CallbackSettings.backoff(Duration.ofSeconds(10), 2.0,
                Duration.ofHours(1), Duration.ofSeconds(5)));

        for (int attempt = 1; attempt <= 14; attempt++) {
            long step = Math.min(10_000L << (attempt - 1), 3_600_000L);
            long spread = step / 2;
            for (int sample = 0; sample < 50; sample++) {
                assertThat(backoff.afterFailedAttempts(attempt).toMillis()).as("attempt %d", attempt)
                        .isBetween(Math.max(step - spread, 10_000L), Math.min(step + spread, 3_600_000L));
            }
        }
    }

    @Test
    void theDefaultScheduleRetriesForADayInAFewDozenAttempts() {
        CallbackBackoff backoff = new CallbackBackoff(CallbackSettings.allowing(List.of()));

        long waited = 0;
        int attempts = 0;
        while (waited < Duration.ofHours(24).toMillis()) {
            attempts++;
            waited += backoff.afterFailedAttempts(attempts).toMillis();
        }
        // 9 doubling steps up to 1 h (1.4 h together), then 30 to 60 min apart for the rest of the day
        assertThat(attempts).isBetween(30, 56);
    }
}
