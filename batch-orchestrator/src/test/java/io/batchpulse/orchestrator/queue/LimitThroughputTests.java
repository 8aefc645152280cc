package io.batchpulse.orchestrator.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LimitThroughputTests {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final UUID A = new UUID(0, 1);
    private static final UUID B = new UUID(0, 2);

    @Test
    void throughputIsWhatTheLimitsBatchesFinishedOverTheWindow() {
        LimitThroughput throughput = new LimitThroughput();
        throughput.observe("key", Map.of(A, 100L), T0);
        assertThat(throughput.perSecond("key")).isNull();

        throughput.observe("key", Map.of(A, 110L, B, 500L), T0.plusSeconds(1));
        throughput.observe("key", Map.of(A, 120L, B, 510L), T0.plusSeconds(2));

        // B's 500 items before it was first seen are not counted
        assertThat(throughput.perSecond("key")).isEqualTo(15.0);
    }

    @Test
    void observationsOlderThanTheWindowDropOut() {
        LimitThroughput throughput = new LimitThroughput();
        throughput.observe("key", Map.of(A, 0L), T0);
        throughput.observe("key", Map.of(A, 600L), T0.plusSeconds(1));
        throughput.observe("key", Map.of(A, 600L), T0.plusSeconds(40));
        throughput.observe("key", Map.of(A, 610L), T0.plusSeconds(50));

        assertThat(throughput.perSecond("key")).isEqualTo(1.0);
    }

    @Test
    void aBatchThatLeavesAndComesBackStartsAFreshCount() {
        LimitThroughput throughput = new LimitThroughput();
        throughput.observe("key", Map.of(A, 10L), T0);
        throughput.retainBatches(Set.of());
        throughput.observe("key", Map.of(A, 900L), T0.plusSeconds(1));

        assertThat(throughput.perSecond("key")).isZero();
    }
}
