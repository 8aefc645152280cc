package io.batchpulse.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.progress.StageSpan;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StageDurationsTests {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void thePartsOfAFileBatchAddUpToTheTotal() {
        ProgressSnapshot snapshot = snapshot(at(9_000), List.of(
                span("uploading", 0, 4_000),
                span("parsing", 4_000, 5_500),
                span("queued", 5_500, 5_600),
                span("processing", 5_600, 8_000),
                span("finalizing", 8_000, 9_000),
                span("completed", 9_000, 9_000)));

        StageDurations durations = StageDurations.of(snapshot);

        assertThat(durations).isEqualTo(new StageDurations(9_000L, 4_000L, 1_500L, 100L, 2_400L, 1_000L));
        assertThat(durations.uploadMs() + durations.parseMs() + durations.queuedMs() + durations.processingMs()
                + durations.finalizingMs()).isEqualTo(durations.totalMs());
    }

    @Test
    void stagesNotReachedAreNullAndAnOpenStageCountsUpToTheNewestEvent() {
        ProgressSnapshot snapshot = snapshot(at(7_250), List.of(
                span("queued", 5_000, 5_200),
                span("processing", 5_200, null)));

        StageDurations durations = StageDurations.of(snapshot);

        assertThat(durations).isEqualTo(new StageDurations(2_250L, null, null, 200L, 2_050L, null));
    }

    @Test
    void aStageEnteredAgainIsSummed() {
        ProgressSnapshot snapshot = snapshot(at(10_000), List.of(
                span("processing", 0, 3_000),
                span("completed", 3_000, 3_000),
                span("processing", 6_000, 7_000),
                span("failed", 7_000, 7_000)));

        assertThat(StageDurations.of(snapshot).processingMs()).isEqualTo(4_000);
        assertThat(StageDurations.of(snapshot).totalMs()).isEqualTo(4_000);
    }

    @Test
    void noSnapshotOrNoStagesMeansNoDurations() {
        assertThat(StageDurations.of(null)).isNull();
        assertThat(StageDurations.of(snapshot(at(0), List.of()))).isNull();
    }

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    private static StageSpan span(String name, long from, Long to) {
        return new StageSpan(name, at(from), to == null ? null : at(to));
    }

    private static StageSpan span(String name, long from, long to) {
        return span(name, from, Long.valueOf(to));
    }

    private static ProgressSnapshot snapshot(Instant updatedAt, List<StageSpan> stages) {
        return new ProgressSnapshot(UUID.randomUUID(), SchemaVersion.CURRENT, 1, 0, null, "b", "amara",
                BatchStatus.RUNNING, null, null, 10, 10, 0, 0, 0, 0, 0, 0, T0, T0, null, updatedAt, 0, null, null,
                null, List.of(), null, List.of(), stages, null, null, null);
    }
}
