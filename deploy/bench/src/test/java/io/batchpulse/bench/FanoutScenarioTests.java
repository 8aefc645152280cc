package io.batchpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FanoutScenarioTests {

    @Test
    void theFeedTimestampIsFoundWithoutAJsonParse() {
        String data = "{\"itemId\":\"x\",\"attempt\":1,\"timestamp\":\"2026-01-01T00:00:00.123456Z\",\"result\":{}}";

        assertThat(FanoutScenario.timestamp(data)).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    }

    @Test
    void anEventWithoutAReadableTimestampIsUntimed() {
        assertThat(FanoutScenario.timestamp("{\"itemId\":\"x\"}")).isNull();
        assertThat(FanoutScenario.timestamp("{\"timestamp\":\"yesterday\"}")).isNull();
        assertThat(FanoutScenario.timestamp("{\"timestamp\":\"2026-01-01")).isNull();
    }

    @Test
    void aSampledNoticesCountIsReadWithoutAJsonParse() {
        assertThat(FanoutScenario.skipped("{\"skipped\":1930,\"lastSkippedId\":\"48211\",\"viewers\":5000}"))
                .isEqualTo(1930);
        assertThat(FanoutScenario.skipped("{\"lastSkippedId\":\"48211\"}")).isZero();
        assertThat(FanoutScenario.skipped("{\"skipped\":}")).isZero();
    }
}
