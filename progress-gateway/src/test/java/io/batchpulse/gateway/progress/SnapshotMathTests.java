package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.BatchStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotMathTests {

    @Test
    void throughputNeedsTwoFinishTimes() {
        assertThat(SnapshotMath.throughputPerSec(List.of())).isNull();
        assertThat(SnapshotMath.throughputPerSec(List.of(1_000L))).isNull();
    }

    @Test
    void throughputCountsIntervalsOverTheWindowSpan() {
        // ten finishes 100 ms apart: nine intervals in 900 ms
        List<Long> times = List.of(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L);

        assertThat(SnapshotMath.throughputPerSec(times)).isEqualTo(10.0);
    }

    @Test
    void throughputUsesTheSpanNotTheArrivalOrder() {
        assertThat(SnapshotMath.throughputPerSec(List.of(500L, 0L, 250L))).isEqualTo(4.0);
    }

    @Test
    void finishesInTheSameMillisecondGiveAFiniteRate() {
        assertThat(SnapshotMath.throughputPerSec(List.of(7L, 7L, 7L))).isEqualTo(2000.0);
    }

    @Test
    void etaIsRemainingOverRateRoundedUp() {
        assertThat(SnapshotMath.etaSeconds(BatchStatus.RUNNING, 8, 2.0)).isEqualTo(4L);
        assertThat(SnapshotMath.etaSeconds(BatchStatus.RUNNING, 9, 2.0)).isEqualTo(5L);
        assertThat(SnapshotMath.etaSeconds(BatchStatus.RUNNING, 0, 2.0)).isZero();
    }

    @Test
    void etaIsUnknownWithoutRateOrWhileNotRunningAndZeroOnceEnded() {
        assertThat(SnapshotMath.etaSeconds(BatchStatus.RUNNING, 8, null)).isNull();
        assertThat(SnapshotMath.etaSeconds(BatchStatus.PAUSED, 8, 2.0)).isNull();
        assertThat(SnapshotMath.etaSeconds(BatchStatus.CREATED, 8, 2.0)).isNull();
        assertThat(SnapshotMath.etaSeconds(BatchStatus.CANCELLED, 8, 2.0)).isZero();
        assertThat(SnapshotMath.etaSeconds(BatchStatus.COMPLETED_WITH_ERRORS, 0, null)).isZero();
    }

    @Test
    void percentageHasOneDecimalAndReachesHundredOnlyWhenAllFinished() {
        assertThat(SnapshotMath.percentage(2458, 5000, BatchStatus.RUNNING)).isEqualTo(49.2);
        assertThat(SnapshotMath.percentage(9999, 10000, BatchStatus.RUNNING)).isEqualTo(99.9);
        assertThat(SnapshotMath.percentage(19_999, 20_000, BatchStatus.RUNNING)).isEqualTo(99.9);
        assertThat(SnapshotMath.percentage(5000, 5000, BatchStatus.RUNNING)).isEqualTo(100.0);
        assertThat(SnapshotMath.percentage(0, 0, BatchStatus.RUNNING)).isZero();
        assertThat(SnapshotMath.percentage(0, 0, BatchStatus.COMPLETED)).isEqualTo(100.0);
    }

    @Test
    void progressIsAFractionOfTotal() {
        assertThat(SnapshotMath.progress(1, 4, BatchStatus.RUNNING)).isEqualTo(0.25);
        assertThat(SnapshotMath.progress(0, 0, BatchStatus.CANCELLED)).isEqualTo(1.0);
    }

    @Test
    void elapsedRunsFromStartToFinishOrToTheLatestEvent() {
        Instant start = Instant.parse("2026-03-01T10:00:00Z");

        assertThat(SnapshotMath.elapsedMs(null, null, start)).isZero();
        assertThat(SnapshotMath.elapsedMs(start, null, start.plusSeconds(5))).isEqualTo(5_000);
        assertThat(SnapshotMath.elapsedMs(start, start.plusSeconds(3), start.plusSeconds(5))).isEqualTo(3_000);
    }

    @Test
    void averagesAndRatesAreRoundedForPeople() {
        assertThat(SnapshotMath.averageMs(100, 3)).isEqualTo(33.3);
        assertThat(SnapshotMath.averageMs(0, 0)).isNull();
        assertThat(SnapshotMath.rounded(13.846153846)).isEqualTo(13.85);
        assertThat(SnapshotMath.rounded(0.0011111)).isEqualTo(0.001111);
    }
}
