package io.batchpulse.worker.processor.simulated;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for a real generator in demos, tests and benchmarks: waits a configurable, seeded
 * latency, then completes with a score or fails like a validating generator would. With
 * {@code latencyMs: 0} it is a no-op that measures the pipeline itself.
 */
@Component
public class SimulatedProcessor implements ItemProcessor {

    public static final String NAME = "simulated";
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    public static final String UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ItemOutcome process(ItemWork work) {
        SimulatedConfig config = work.configAs(SimulatedConfig.class);
        config = (config == null ? SimulatedConfig.defaults() : config).validated();
        SimulatedDraw draw = SimulatedDraw.of(config, work.itemId(), work.attempt());
        pause(work, draw.latencyMs(), config.progressEveryMs());
        switch (draw.outcome()) {
            case VALIDATION_FAILED -> throw ItemProcessingException.permanent(VALIDATION_FAILED,
                    "Generated item failed validation", draw.validationError());
            case UPSTREAM_TIMEOUT -> throw ItemProcessingException.retryable(UPSTREAM_TIMEOUT,
                    "Simulated upstream did not answer in time",
                    "UpstreamTimeout: no answer after " + draw.latencyMs() + " ms");
            default -> {
                double score = scoreOf(work, config, draw);
                return new ItemOutcome(result(work, draw, score), score, work.label());
            }
        }
    }

    private static double scoreOf(ItemWork work, SimulatedConfig config, SimulatedDraw draw) {
        if (config.scoreField() != null) {
            JsonNode field = work.payload().get(config.scoreField());
            if (field != null && field.isNumber()) {
                return field.doubleValue();
            }
        }
        return draw.score();
    }

    private static ObjectNode result(ItemWork work, SimulatedDraw draw, double score) {
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("score", score);
        result.put("latencyMs", draw.latencyMs());
        result.put("attempt", work.attempt());
        result.put("summary", (work.label() == null ? "item " + work.index() : work.label()) + " scored " + score);
        return result;
    }

    /** Waits the drawn latency; with progressEveryMs, in steps, reporting how far it got after each. */
    private static void pause(ItemWork work, long latencyMs, long progressEveryMs) {
        long step = progressEveryMs == 0 ? latencyMs : progressEveryMs;
        try {
            for (long waited = 0; waited < latencyMs; ) {
                long next = Math.min(step, latencyMs - waited);
                Thread.sleep(next);
                waited += next;
                if (progressEveryMs > 0 && waited < latencyMs) {
                    work.reportProgress(100.0 * waited / latencyMs, "simulated " + waited + " of " + latencyMs + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ItemProcessingException.retryable("INTERRUPTED", "Worker interrupted while processing");
        }
    }
}
