package io.batchpulse.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdlePacingTests {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(-5_000 * MS);
    private final IdlePacing pacing = new IdlePacing(Duration.ofMillis(250), now::get);

    @Test
    void aBusyDispatcherTicksEveryTime() {
        assertThat(pacing.due(false)).isTrue();
        pacing.ticked(false);
        assertThat(pacing.due(false)).isTrue();
    }

    @Test
    void afterAnIdleTickTheNextWaitsForTheIdleInterval() {
        pacing.ticked(true);
        assertThat(pacing.due(false)).isFalse();
        now.addAndGet(249 * MS);
        assertThat(pacing.due(false)).isFalse();
        now.addAndGet(MS);
        assertThat(pacing.due(false)).isTrue();
    }

    @Test
    void aWakeUpMakesTheNextTickDueAtOnce() {
        pacing.ticked(true);
        assertThat(pacing.due(true)).isTrue();
    }

    @Test
    void aTickThatFindsWorkEndsTheIdleWait() {
        pacing.ticked(true);
        pacing.ticked(false);
        assertThat(pacing.due(false)).isTrue();
    }

    @Test
    void eachIdleTickStartsAFreshWait() {
        pacing.ticked(true);
        now.addAndGet(300 * MS);
        pacing.ticked(true);
        now.addAndGet(100 * MS);
        assertThat(pacing.due(false)).isFalse();
    }
}
