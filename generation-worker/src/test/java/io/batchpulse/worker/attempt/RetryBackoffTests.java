package io.batchpulse.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.worker.WorkerProperties;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryBackoffTests {

    @Test
    void delayDoublesPerFailedAttemptUpToTheMaximum() {
        RetryBackoff backoff = new RetryBackoff(
                new WorkerProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(60)).backOff());

        assertThat(IntStream.rangeClosed(1, 8).mapToLong(backoff::delayAfterAttemptMs).boxed())
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
        assertThat(backoff.delayAfterAttemptMs(100)).isEqualTo(60_000L);
    }
}
