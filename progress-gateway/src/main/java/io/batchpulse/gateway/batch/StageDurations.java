package io.batchpulse.gateway.batch;

import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.progress.StageSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a batch's time went, from the stages of its snapshot: each part is the time spent in one
 * stage (summed if the batch entered it more than once, e.g. processing again after retry-failed),
 * null for a stage the batch has not reached. A stage still open counts up to the snapshot's
 * {@code updatedAt} (its newest event), never to a clock, like every other field of the snapshot.
 * The terminal stages (completed, failed, cancelled) take no time, and stages this API does not
 * know are left out, so the total is exactly the sum of the parts.
 */
public record StageDurations(
        Long totalMs,
        Long uploadMs,
        Long parseMs,
        Long queuedMs,
        Long processingMs,
        Long finalizingMs) {

    private static final Map<String, Integer> PARTS = Map.of(
            "uploading", 0, "parsing", 1, "queued", 2, "processing", 3, "finalizing", 4);

    /** Null when there is no snapshot or it has no stage of these. */
    static StageDurations of(ProgressSnapshot snapshot) {
        if (snapshot == null) {
            return null;
        }
        Long[] parts = new Long[PARTS.size()];
        for (StageSpan span : snapshot.stages()) {
            Integer part = PARTS.get(span.name());
            if (part != null && span.startedAt() != null) {
                long ms = millis(span.startedAt(), span.endedAt() == null ? snapshot.updatedAt() : span.endedAt());
                parts[part] = parts[part] == null ? ms : parts[part] + ms;
            }
        }
        Long total = null;
        for (Long part : parts) {
            if (part != null) {
                total = total == null ? part : total + part;
            }
        }
        return total == null ? null : new StageDurations(total, parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    private static long millis(Instant from, Instant to) {
        return to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }
}
