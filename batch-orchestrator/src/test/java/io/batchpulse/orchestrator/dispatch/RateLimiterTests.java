package io.batchpulse.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTests {

    private final RateLimiter limiter = new RateLimiter();
    private final UUID batch = UUID.randomUUID();

    @Test
    void batchWithoutRateIsUnlimited() {
        assertThat(limiter.available(batch, null, 0)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void tokensAccrueAtTheRateAndAreCappedAtATenthOfASecond() {
        long t0 = 1_000_000_000L;
        assertThat(limiter.available(batch, 100.0, t0)).isEqualTo(1);
        limiter.consume(batch, 1);
        assertThat(limiter.available(batch, 100.0, t0 + 50_000_000L)).isEqualTo(5);
        assertThat(limiter.available(batch, 100.0, t0 + 10_000_000_000L)).isEqualTo(10);
    }

    @Test
    void slowRateLetsOneItemThroughAtATime() {
        long t0 = 0;
        assertThat(limiter.available(batch, 2.0, t0)).isEqualTo(1);
        limiter.consume(batch, 1);
        assertThat(limiter.available(batch, 2.0, t0 + 100_000_000L)).isZero();
        assertThat(limiter.available(batch, 2.0, t0 + 600_000_000L)).isEqualTo(1);
    }
}
