package io.batchpulse.orchestrator.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.batchpulse.orchestrator.OrchestratorProperties.Limit;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitStateTests {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void concurrentCapacityIsWhatTheLimitLeavesOverEverythingInFlight() {
        assertThat(state(0, NOW, null, 7).capacity(new Limit(10, null))).isEqualTo(3);
        assertThat(state(0, NOW, null, 12).capacity(new Limit(10, null))).isZero();
    }

    @Test
    void rateRefillsFromTheLastDispatchUpToATenthOfASecondOfItems() {
        Limit twentyASecond = new Limit(null, 20.0);

        assertThat(state(0, NOW.minusMillis(100), null, 0).tokensNow(twentyASecond)).isCloseTo(2.0, within(1e-9));
        assertThat(state(0, NOW.minusSeconds(60), null, 0).capacity(twentyASecond)).isEqualTo(2);
        assertThat(state(0, NOW.minusMillis(20), null, 0).capacity(twentyASecond)).isZero();
    }

    @Test
    void bothBoundsApplyAndTheSmallerWins() {
        assertThat(state(5, NOW, null, 9).capacity(new Limit(10, 1000.0))).isEqualTo(1);
        assertThat(state(2, NOW, null, 0).capacity(new Limit(10, 1000.0))).isEqualTo(2);
    }

    @Test
    void nothingLeavesBeforeAnUpstreamsRetryAfterAndEverythingMayAfterIt() {
        assertThat(state(5, NOW, NOW.plusMillis(1), 0).capacity(new Limit(10, null))).isZero();
        assertThat(state(5, NOW, NOW, 0).capacity(new Limit(10, null))).isEqualTo(10);
    }

    private static LimitState state(double tokens, Instant refilledAt, Instant blockedUntil, long inFlight) {
        return new LimitState("key", tokens, refilledAt, blockedUntil, inFlight, NOW);
    }
}
