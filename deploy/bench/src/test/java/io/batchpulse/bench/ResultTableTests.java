package io.batchpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.batchpulse.events.json.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ResultTableTests {

    @TempDir
    Path results;

    @Test
    void rendersAlignedColumnsWithTheTargetBesideTheMeasuredValue() {
        ResultTable table = new ResultTable("throughput", "10,000-item batch")
                .row("pipeline items/s", "6,123", "≥ 5,000 items/s", "")
                .row("ratio", "0.05");

        List<String> lines = table.render().lines().toList();

        assertThat(lines.get(0)).isEqualTo("== throughput: 10,000-item batch ==");
        assertThat(lines.get(1)).isEqualTo("| metric           | measured | target          | note |");
        assertThat(lines.get(2)).isEqualTo("| ---------------- | -------- | --------------- | ---- |");
        assertThat(lines.get(3)).isEqualTo("| pipeline items/s | 6,123    | ≥ 5,000 items/s |      |");
        assertThat(lines.get(4)).isEqualTo("| ratio            | 0.05     |                 |      |");
    }

    @Test
    void aScenarioThatCouldNotRunSaysWhy() {
        ResultTable table = new ResultTable("latency", "one SSE client").unavailable("SSE endpoint not available");

        assertThat(table.render()).contains("not measured: SSE endpoint not available");
        assertThat(table.toJson().path("measured").asBoolean()).isFalse();
        assertThat(table.toJson().path("unavailable").asString()).isEqualTo("SSE endpoint not available");
    }

    @Test
    void percentileRowsCarryTargetsAndTheRawSummaryGoesToTheJson() {
        Histogram histogram = Percentiles.histogram();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.recordValue(ms * 1000L);
        }
        ResultTable table = new ResultTable("latency", "x");

        Percentiles.rows(table, "event → client", histogram, "≤ 20 ms", "≤ 100 ms");

        assertThat(table.rows()).extracting(ResultTable.Row::metric)
                .containsExactly("event → client p50", "event → client p90", "event → client p99", "event → client max");
        assertThat(table.rows().get(0).value()).isEqualTo("50.0 ms");
        assertThat(table.rows().get(0).target()).isEqualTo("≤ 20 ms");
        assertThat(table.rows().get(2).target()).isEqualTo("≤ 100 ms");
        assertThat(table.rows().get(3).value()).isEqualTo("100.0 ms");
        JsonNode summary = table.toJson().path("data").path("eventClient");
        assertThat(summary.path("count").asLong()).isEqualTo(100);
        assertThat(summary.path("p99Ms").asDouble()).isCloseTo(99.0, within(0.1)); // 3 significant digits
    }

    @Test
    void writesOneFilePerScenarioAndTheWholeRun() throws Exception {
        ResultWriter writer = new ResultWriter(results);
        ResultTable table = new ResultTable("leak", "back to back").row("batches completed", "100 of 100", "all", "")
                .data("batches", 100);

        Path file = writer.write(table);
        Path run = writer.writeRun(Map.of("cores", 2), List.of(table));

        JsonNode written = EventJson.mapper().readTree(Files.readString(file));
        assertThat(file.getFileName()).hasToString("leak.json");
        assertThat(written.path("rows").get(0).path("measured").asString()).isEqualTo("100 of 100");
        assertThat(written.path("data").path("batches").asInt()).isEqualTo(100);
        JsonNode whole = EventJson.mapper().readTree(Files.readString(run));
        assertThat(whole.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(whole.path("scenarios").get(0).path("scenario").asString()).isEqualTo("leak");
    }
}
