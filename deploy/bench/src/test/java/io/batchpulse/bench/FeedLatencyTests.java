package io.batchpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedLatencyTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static String item(Instant occurredAt) {
        return "{\"itemId\":\"x\",\"timestamp\":\"" + occurredAt + "\"}"; // as the SSE feed sends it
    }

    private static String snapshot(long sourceOffset, long completed) {
        return "{\"sourceOffset\":" + sourceOffset + ",\"completed\":" + completed + "}";
    }

    @Test
    void deliveryIsFromTheWorkersPublishTimeToArrival() {
        FeedLatency latency = new FeedLatency();

        latency.snapshot(snapshot(10, 0), T0);
        latency.itemCompleted(item(T0), "11", T0.plusMillis(7));

        assertThat(latency.delivery().getMaxValue()).isBetween(6_990L, 7_010L);
    }

    @Test
    void anEventWithoutATimeIsCountedNotTimed() {
        FeedLatency latency = new FeedLatency();

        latency.itemCompleted("{\"itemId\":\"x\"}", "1", T0);

        assertThat(latency.untimed()).isEqualTo(1);
        assertThat(latency.delivery().getTotalCount()).isZero();
    }

    @Test
    void freshnessEndsAtTheFirstSnapshotWhoseSourceOffsetReachesTheEvent() {
        FeedLatency latency = new FeedLatency();
        latency.snapshot(snapshot(10, 0), T0);
        latency.itemCompleted(item(T0), "11", T0.plusMillis(5));
        latency.itemCompleted(item(T0.plusMillis(10)), "15", T0.plusMillis(15));

        latency.snapshot(snapshot(12, 1), T0.plusMillis(100)); // includes offset 11 only
        assertThat(latency.freshness().getTotalCount()).isEqualTo(1);
        assertThat(latency.freshness().getMaxValue()).isBetween(99_900L, 100_100L);

        latency.snapshot(snapshot(15, 2), T0.plusMillis(300));
        assertThat(latency.freshness().getTotalCount()).isEqualTo(2);
        assertThat(latency.freshness().getMaxValue()).isBetween(289_000L, 291_000L);
        assertThat(latency.uncovered()).isZero();
    }

    @Test
    void withoutOffsetsTheCompletedCountSaysWhichEventsASnapshotIncludes() {
        FeedLatency latency = new FeedLatency();
        latency.snapshot("{\"completed\":5}", T0); // five done before this client connected
        latency.itemCompleted(item(T0), null, T0.plusMillis(1));
        latency.itemCompleted(item(T0), null, T0.plusMillis(2));

        latency.snapshot("{\"completed\":6}", T0.plusMillis(50));

        assertThat(latency.freshness().getTotalCount()).isEqualTo(1);
        assertThat(latency.uncovered()).isEqualTo(1);
    }

    @Test
    void aSnapshotThatOvertookTheFeedCountsFromTheSnapshotsArrival() {
        FeedLatency latency = new FeedLatency();
        latency.snapshot(snapshot(10, 0), T0);
        latency.snapshot(snapshot(11, 1), T0.plusMillis(40));

        latency.itemCompleted(item(T0), "11", T0.plusMillis(60));

        assertThat(latency.freshness().getTotalCount()).isEqualTo(1);
        assertThat(latency.freshness().getMaxValue()).isBetween(39_900L, 40_100L);
    }
}
