package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChaosSummaryTests {

    private static final String OLD_HEADER = "fault\tseed\tresult\tcompleted\tfailed\tduplicate events\tmax attempt\t"
            + "recovery s\tacked writes\tnote";
    private static final String HEADER = String.join("\t", FaultRuns.COLUMNS);

    @Test
    void percentilesAreNearestRank() {
        List<Double> oneToTwenty = IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
        assertThat(ChaosSummary.percentile(oneToTwenty, 0.5)).isEqualTo(10.0);
        assertThat(ChaosSummary.percentile(oneToTwenty, 0.99)).as("with 20 runs, the slowest").isEqualTo(20.0);
        assertThat(ChaosSummary.percentile(List.of(7.0, 3.0, 5.0), 0.5)).isEqualTo(5.0);
        assertThat(ChaosSummary.percentile(List.of(4.2), 0.99)).isEqualTo(4.2);
    }

    @Test
    void seriesAreAddedUpPerFaultAndAColumnAnOlderSeriesLacksIsSaidToBe() {
        List<String> older = List.of(OLD_HEADER,
                "F4 gateway kill -9\t1\tpass\t1131\t69\t0\t1\t20.0\t0\tnote",
                "F1 worker kill -9\t1\tFAIL\t\t\t\t\t\t\tboom");
        List<String> newer = List.of(HEADER,
                "F4 gateway kill -9\t2\tpass\t1131\t69\t0\t1\t10.00\t0\t0.16 0.21\t0\t",
                "F4 gateway kill -9\t3\tpass\t1131\t69\t0\t1\t30.00\t0\t0.18\tbatch-events.DLT UnreadableEventException 2\t",
                "F1 worker kill -9\t2\tpass\t1431\t69\t4\t2\t25.00\t0\t\t0\t");

        String table = ChaosSummary.table(ChaosSummary.read(List.of(older, newer)));

        assertThat(table.lines()).containsExactly(
                "| fault | runs | failed | recovery p50 / p99 (s) | viewer reconnects: count, p50 / p99 (s) "
                        + "| dead letters by topic and cause |",
                "|---|---|---|---|---|---|",
                "| F1 worker kill -9 | 2 | 1 | 25.0 / 25.0 | none | 0 |",
                "| F4 gateway kill -9 | 3 | 0 | 20.0 / 30.0 | 3, 0.18 / 0.21 (recorded in 2 of 3 passed runs) "
                        + "| batch-events.DLT UnreadableEventException 2 (recorded in 2 of 3 passed runs) |");
    }

    @Test
    void faultsComeInTheirNumbersOrder() {
        assertThat(List.of("F10 slow", "F2 kill", "F1z stop", "F1 kill", "F9 storm").stream()
                .sorted(ChaosSummary.FAULT_ORDER)).containsExactly("F1 kill", "F1z stop", "F2 kill", "F9 storm", "F10 slow");
    }

    @Test
    void aFailedRunAddsNoMeasurement() {
        List<String> series = List.of(HEADER, "F6 PostgreSQL stop\t1\tFAIL\t\t\t\t\t\t\t\t\tnot exact");

        assertThat(ChaosSummary.table(ChaosSummary.read(List.of(series))).lines())
                .contains("| F6 PostgreSQL stop | 1 | 1 | — | not recorded | not recorded |");
    }
}
