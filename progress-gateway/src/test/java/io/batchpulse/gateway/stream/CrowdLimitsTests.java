package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a crowded batch's item events and snapshots are paced by its audience. */
class CrowdLimitsTests {

    private static final long MS = 1_000_000L;
    private final CrowdLimits limits = new CrowdLimits(100, 20, 10_000);

    @Test
    void aBatchIsCrowdedOnlyPastTheCrowdSize() {
        assertThat(limits.crowded(100)).isFalse();
        assertThat(limits.crowded(101)).isTrue();
    }

    @Test
    void eachViewerGetsItsShareOfTheFanoutBetweenOneAndTheLimit() {
        assertThat(limits.perViewer(101)).isEqualTo(20);
        assertThat(limits.perViewer(500)).isEqualTo(20);
        assertThat(limits.perViewer(1_000)).isEqualTo(10);
        assertThat(limits.perViewer(5_000)).isEqualTo(2);
        assertThat(limits.perViewer(25_000)).isEqualTo(1);
        assertThat(limits.itemsPerSecond()).isEqualTo(20);
    }

    @Test
    void snapshotsToACrowdArePacedByTheFanoutButNeverFasterThanTheProgressInterval() {
        assertThat(limits.snapshotIntervalNanos(50 * MS, 100)).isEqualTo(50 * MS);
        assertThat(limits.snapshotIntervalNanos(50 * MS, 200)).isEqualTo(50 * MS);
        assertThat(limits.snapshotIntervalNanos(50 * MS, 1_000)).isEqualTo(100 * MS);
        assertThat(limits.snapshotIntervalNanos(50 * MS, 5_000)).isEqualTo(500 * MS);
    }
}
