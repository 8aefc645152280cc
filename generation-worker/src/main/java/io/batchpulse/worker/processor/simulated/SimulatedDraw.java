package io.batchpulse.worker.processor.simulated;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Everything random about one simulated attempt, drawn up front from a generator seeded by
 * (seed, itemId, attempt): the same batch config replays the same latencies, failures and
 * scores, while a retry of an item draws afresh.
 */
record SimulatedDraw(long latencyMs, Outcome outcome, double score, String validationError) {

    enum Outcome { COMPLETED, VALIDATION_FAILED, UPSTREAM_TIMEOUT }

    static final List<String> VALIDATION_ERRORS = List.of(
            "ValidationEngineError: stem too short",
            "ValidationEngineError: correct answer missing from options",
            "ValidationEngineError: duplicate distractors",
            "ValidationEngineError: rationale contradicts answer key");

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    static SimulatedDraw of(SimulatedConfig config, UUID itemId, int attempt) {
        long mixed = config.seed() ^ itemId.getMostSignificantBits()
                ^ Long.rotateLeft(itemId.getLeastSignificantBits(), 31) ^ (attempt * GOLDEN_GAMMA);
        SplittableRandom random = new SplittableRandom(mixed);
        long jitter = config.latencyJitterMs() == 0 ? 0
                : random.nextLong(-config.latencyJitterMs(), config.latencyJitterMs() + 1);
        long latency = Math.max(0, config.latencyMs() + jitter);
        double draw = random.nextDouble();
        Outcome outcome = draw < config.failureRate() ? Outcome.VALIDATION_FAILED
                : draw < config.failureRate() + config.retryableFailureRate() ? Outcome.UPSTREAM_TIMEOUT
                : Outcome.COMPLETED;
        double score = Math.round(random.nextDouble() * 100_00) / 100.0;
        String validationError = VALIDATION_ERRORS.get(random.nextInt(VALIDATION_ERRORS.size()));
        // drawn last, so configs without a slow tail replay exactly as before it existed
        if (config.slowRate() > 0 && random.nextDouble() < config.slowRate()) {
            latency = config.slowLatencyMs();
        }
        return new SimulatedDraw(latency, outcome, score, validationError);
    }
}
