package io.batchpulse.worker.processor.simulated;

import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.spi.ItemProcessingException;

/**
 * Settings of the {@code simulated} processor, as a batch's {@code config}. Every field is optional.
 *
 * @param latencyMs            mean time an attempt takes; 0 (the default) returns at once
 * @param latencyJitterMs      the latency is drawn uniformly from latencyMs ± latencyJitterMs (never below 0)
 * @param failureRate          probability (0..1) of a permanent VALIDATION_FAILED failure
 * @param seed                 with the item id and the attempt, fixes every draw, so runs are reproducible
 * @param retryableFailureRate probability (0..1) of a retryable UPSTREAM_TIMEOUT failure
 * @param scoreField           a numeric payload field to use as the score instead of a drawn one
 * @param progressEveryMs      while it waits, report progress (item.progress, which renews the lease)
 *                             this often, as a long generator would; 0 (the default) reports none
 * @param slowRate             probability (0..1) that an attempt is a slow one: the long tail of real
 *                             generators (a long answer, an upstream retry), which uniform jitter lacks
 * @param slowLatencyMs        how long a slow attempt takes, instead of latencyMs ± latencyJitterMs
 */
record SimulatedConfig(Long latencyMs, Long latencyJitterMs, Double failureRate, Long seed,
        Double retryableFailureRate, String scoreField, Long progressEveryMs, Double slowRate, Long slowLatencyMs) {

    /** An hour: anything longer is a typo, and would hold a consumer thread past its poll interval. */
    static final long MAX_LATENCY_MS = 3_600_000;

    /** More often than this floods batch-events with item.progress for nothing: leases are seconds long. */
    static final long MIN_PROGRESS_EVERY_MS = 50;

    SimulatedConfig {
        latencyMs = latencyMs == null ? 0 : latencyMs;
        latencyJitterMs = latencyJitterMs == null ? 0 : latencyJitterMs;
        failureRate = failureRate == null ? 0.0 : failureRate;
        seed = seed == null ? 0 : seed;
        retryableFailureRate = retryableFailureRate == null ? 0.0 : retryableFailureRate;
        progressEveryMs = progressEveryMs == null ? 0 : progressEveryMs;
        slowRate = slowRate == null ? 0.0 : slowRate;
        slowLatencyMs = slowLatencyMs == null ? 0 : slowLatencyMs;
    }

    static SimulatedConfig defaults() {
        return new SimulatedConfig(null, null, null, null, null, null, null, null, null);
    }

    SimulatedConfig validated() {
        require(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS, "latencyMs must be between 0 and " + MAX_LATENCY_MS);
        require(latencyJitterMs >= 0 && latencyJitterMs <= MAX_LATENCY_MS,
                "latencyJitterMs must be between 0 and " + MAX_LATENCY_MS);
        require(failureRate >= 0 && failureRate <= 1, "failureRate must be between 0 and 1");
        require(retryableFailureRate >= 0 && retryableFailureRate <= 1, "retryableFailureRate must be between 0 and 1");
        require(progressEveryMs == 0 || progressEveryMs >= MIN_PROGRESS_EVERY_MS && progressEveryMs <= MAX_LATENCY_MS,
                "progressEveryMs must be 0 or between " + MIN_PROGRESS_EVERY_MS + " and " + MAX_LATENCY_MS);
        require(slowRate >= 0 && slowRate <= 1, "slowRate must be between 0 and 1");
        require(slowLatencyMs >= 0 && slowLatencyMs <= MAX_LATENCY_MS, "slowLatencyMs must be between 0 and " + MAX_LATENCY_MS);
        require(failureRate + retryableFailureRate <= 1, "failureRate + retryableFailureRate must not exceed 1");
        return this;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw ItemProcessingException.permanent(ItemErrorCodes.INVALID_CONFIG, "Invalid simulated config: " + message);
        }
    }
}
