package io.batchpulse.worker.processor.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulatedProcessorTests {

    private final SimulatedProcessor processor = new SimulatedProcessor();
    private final UUID batchId = UUID.randomUUID();

    @Test
    void simulatedProcessorIsDeterministicForSameSeed() {
        String config = "{\"seed\":7,\"failureRate\":0.3,\"retryableFailureRate\":0.2,\"latencyJitterMs\":0}";

        List<String> first = outcomes(config, 200);
        List<String> second = outcomes(config, 200);
        List<String> otherSeed = outcomes(config.replace("\"seed\":7", "\"seed\":8"), 200);

        assertThat(first).isEqualTo(second);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).anyMatch(o -> o.startsWith("VALIDATION_FAILED")).anyMatch(o -> o.startsWith("UPSTREAM_TIMEOUT"))
                .anyMatch(o -> o.startsWith("completed"));
    }

    @Test
    void retryOfAnItemDrawsAfresh() {
        SimulatedConfig config = new SimulatedConfig(0L, 0L, 0.5, 7L, 0.0, null, null, null, null);
        UUID itemId = UUID.randomUUID();

        List<SimulatedDraw.Outcome> byAttempt = IntStream.rangeClosed(1, 40)
                .mapToObj(attempt -> SimulatedDraw.of(config, itemId, attempt).outcome())
                .toList();

        assertThat(byAttempt).contains(SimulatedDraw.Outcome.COMPLETED, SimulatedDraw.Outcome.VALIDATION_FAILED);
    }

    @Test
    void simulatedFailureRateIsRoughlyHonoured() {
        String config = "{\"seed\":42,\"failureRate\":0.1,\"retryableFailureRate\":0.05}";

        List<String> outcomes = outcomes(config, 10_000);

        long permanent = outcomes.stream().filter(o -> o.startsWith("VALIDATION_FAILED")).count();
        long retryable = outcomes.stream().filter(o -> o.startsWith("UPSTREAM_TIMEOUT")).count();
        // binomial: sd of 10,000 draws at 10% is 30, at 5% about 22; allow 5 sd
        assertThat(permanent).isBetween(850L, 1_150L);
        assertThat(retryable).isBetween(390L, 610L);
    }

    @Test
    void latencyStaysWithinJitterAndNeverBelowZero() {
        SimulatedConfig config = new SimulatedConfig(5L, 10L, 0.0, 1L, 0.0, null, null, null, null);

        List<Long> latencies = IntStream.range(0, 2_000)
                .mapToObj(i -> SimulatedDraw.of(config, UUID.randomUUID(), 1).latencyMs())
                .toList();

        assertThat(latencies).allMatch(l -> l >= 0 && l <= 15).contains(0L, 15L);
    }

    @Test
    void aSlowTailTakesItsShareOfAttemptsAndLeavesTheOthersAsTheyWere() {
        SimulatedConfig uniform = new SimulatedConfig(100L, 50L, 0.1, 9L, 0.0, null, null, null, null);
        SimulatedConfig tailed = new SimulatedConfig(100L, 50L, 0.1, 9L, 0.0, null, null, 0.05, 30_000L);

        List<UUID> items = IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID()).toList();
        long slow = 0;
        for (UUID item : items) {
            SimulatedDraw plain = SimulatedDraw.of(uniform, item, 1);
            SimulatedDraw draw = SimulatedDraw.of(tailed, item, 1);
            assertThat(draw.outcome()).isEqualTo(plain.outcome());
            assertThat(draw.score()).isEqualTo(plain.score());
            if (draw.latencyMs() == 30_000L) {
                slow++;
            } else {
                assertThat(draw.latencyMs()).isEqualTo(plain.latencyMs());
            }
        }
        // binomial: sd of 10,000 draws at 5% is about 22; allow 5 sd
        assertThat(slow).isBetween(390L, 610L);
    }

    @Test
    void completedItemHasScoreLabelAndSummary() {
        ItemOutcome outcome = processor.process(work(UUID.randomUUID(), 1, "{\"seed\":3}", "{}"));

        assertThat(outcome.score()).isBetween(0.0, 100.0);
        assertThat(outcome.label()).isEqualTo("NVDA beta=2.1");
        assertThat(outcome.result().get("summary").stringValue()).startsWith("NVDA beta=2.1 scored ");
    }

    @Test
    void scoreFieldTakesTheScoreFromThePayload() {
        ItemOutcome outcome = processor.process(work(UUID.randomUUID(), 1, "{\"scoreField\":\"sharpe\"}",
                "{\"sharpe\":1.75}"));

        assertThat(outcome.score()).isEqualTo(1.75);
    }

    @Test
    void invalidConfigFailsPermanently() {
        ItemProcessingException failure = catchThrowableOfType(ItemProcessingException.class,
                () -> processor.process(work(UUID.randomUUID(), 1, "{\"failureRate\":1.5}", "{}")));

        assertThat(failure.code()).isEqualTo("INVALID_CONFIG");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("failureRate");
        assertThat(catchThrowableOfType(ItemProcessingException.class, () -> processor.process(
                work(UUID.randomUUID(), 1, "{\"slowRate\":1.5}", "{}")))).hasMessageContaining("slowRate");
    }

    @Test
    void progressEveryMsReportsHowFarALongItemGotWhileItWaits() {
        List<Double> reports = new ArrayList<>();
        ItemWork work = new ItemWork(UUID.randomUUID(), batchId, 0, 1, 3, "long", json("{}"),
                json("{\"latencyMs\":250,\"progressEveryMs\":50}"), Duration.ofMinutes(5),
                (percent, message) -> reports.add(percent));

        processor.process(work);

        assertThat(reports).containsExactly(20.0, 40.0, 60.0, 80.0);
    }

    @Test
    void progressMoreOftenThanEvery50MsIsAnInvalidConfig() {
        ItemProcessingException failure = catchThrowableOfType(ItemProcessingException.class,
                () -> processor.process(work(UUID.randomUUID(), 1, "{\"progressEveryMs\":10}", "{}")));

        assertThat(failure.code()).isEqualTo("INVALID_CONFIG");
        assertThat(failure.getMessage()).contains("progressEveryMs");
    }

    private List<String> outcomes(String config, int items) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            UUID itemId = UUID.nameUUIDFromBytes(("item-" + i).getBytes());
            try {
                ItemOutcome outcome = processor.process(work(itemId, 1, config, "{}"));
                outcomes.add("completed " + outcome.score());
            } catch (ItemProcessingException e) {
                outcomes.add(e.code() + " " + e.details());
            }
        }
        return outcomes;
    }

    private ItemWork work(UUID itemId, int attempt, String config, String payload) {
        return new ItemWork(itemId, batchId, 0, attempt, 3, "NVDA beta=2.1", json(payload), json(config),
                Duration.ofMinutes(5), null);
    }

    private static JsonNode json(String text) {
        return EventJson.mapper().readTree(text);
    }
}
