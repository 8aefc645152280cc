package io.batchpulse.events.progress;

import io.batchpulse.events.model.BatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The latest progress of one batch, as the gateway's Streams app writes it to batch-progress
 * (compacted, key: batchId). Every field is derived from the events' own {@code occurredAt}
 * times, never from a clock, so folding the same events again gives the same bytes.
 *
 * @param version        how many events have moved this batch's progress; increases by one per
 *                       applied event (duplicates and ignored events do not count), so it orders
 *                       snapshots
 * @param sourceOffset   the offset in batch-events of the last event folded into this snapshot.
 *                       All events of a batch share one partition, so offsets order them, and the
 *                       same on every reader and after a rebuild: SSE event ids are these offsets,
 *                       and a feed event with an offset above this one is not in the snapshot yet.
 *                       (snapshots written before this field existed read as 0)
 * @param lastEventId    the eventId of the last applied event
 * @param statusReason   why the batch paused or stopped (USER, TIMEOUT, FAILURE_THRESHOLD), else null
 * @param stage          the stage the batch is in (the name of the last batch.stage), else null
 * @param pending        items not yet dispatched, including items waiting for a retry
 * @param inProgress     items dispatched or started, not finished
 * @param cancelled      items that will not run, including those a cancel or final status left pending
 * @param progress       finished items (completed, failed, cancelled) over total, 0..1
 * @param percentage     progress in percent with one decimal; 100.0 only when every item finished
 * @param updatedAt      the latest occurredAt of the applied events
 * @param elapsedMs      from startedAt to finishedAt, or to updatedAt while the batch runs
 * @param throughputPerSec finished items per second over the span of the last ten finished items
 *                       (completed or failed); null until two items finished
 * @param avgItemMs      mean processing time of the completed items, null before the first
 * @param etaSeconds     remaining items over throughput, rounded up; null while it cannot be
 *                       estimated (fewer than two finished items, or the batch is not running);
 *                       0 once the batch reached a final status
 * @param current        labels of items being processed (the most recently started, at most ten)
 * @param bestSoFar      the completed item with the highest score, null until one carries a score
 * @param recentErrors   the last few failed items, newest last
 * @param stages         the stages the batch went through, in order
 * @param stageMessage   the message of the latest batch.stage ("Parsed 200,000 of 1,000,000 lines"), else null
 * @param stagePercentage how far the current stage is, 0..100, when the stage says so, else null
 * @param failureGroups  the largest failure groups (at most five), largest first: the batch's failed
 *                       items by error code and message signature
 * @param queue          where the batch waits for its shared limit, null while it is dispatched (or
 *                       not running, or in no limit)
 */
public record ProgressSnapshot(
        UUID batchId,
        int schemaVersion,
        long version,
        long sourceOffset,
        UUID lastEventId,
        String name,
        String owner,
        BatchStatus status,
        String statusReason,
        String stage,
        long total,
        long pending,
        long inProgress,
        long completed,
        long failed,
        long cancelled,
        double progress,
        double percentage,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt,
        long elapsedMs,
        Double throughputPerSec,
        Double avgItemMs,
        Long etaSeconds,
        List<String> current,
        BestResult bestSoFar,
        List<RecentError> recentErrors,
        List<StageSpan> stages,
        ConfigRecap configRecap,
        String stageMessage,
        Double stagePercentage,
        List<FailureGroupCount> failureGroups,
        QueuePlace queue) {

    public ProgressSnapshot {
        failureGroups = failureGroups == null ? List.of() : List.copyOf(failureGroups);
        current = current == null ? List.of() : List.copyOf(current);
        recentErrors = recentErrors == null ? List.of() : List.copyOf(recentErrors);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** A snapshot without failure groups, as writers before them built it. */
    public ProgressSnapshot(UUID batchId, int schemaVersion, long version, long sourceOffset, UUID lastEventId,
            String name, String owner, BatchStatus status, String statusReason, String stage, long total, long pending,
            long inProgress, long completed, long failed, long cancelled, double progress, double percentage,
            Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt, long elapsedMs,
            Double throughputPerSec, Double avgItemMs, Long etaSeconds, List<String> current, BestResult bestSoFar,
            List<RecentError> recentErrors, List<StageSpan> stages, ConfigRecap configRecap, String stageMessage,
            Double stagePercentage) {
        this(batchId, schemaVersion, version, sourceOffset, lastEventId, name, owner, status, statusReason, stage,
                total, pending, inProgress, completed, failed, cancelled, progress, percentage, createdAt, startedAt,
                finishedAt, updatedAt, elapsedMs, throughputPerSec, avgItemMs, etaSeconds, current, bestSoFar,
                recentErrors, stages, configRecap, stageMessage, stagePercentage, List.of(), null);
    }

    /** A snapshot without a queue place, as writers before it built it. */
    public ProgressSnapshot(UUID batchId, int schemaVersion, long version, long sourceOffset, UUID lastEventId,
            String name, String owner, BatchStatus status, String statusReason, String stage, long total, long pending,
            long inProgress, long completed, long failed, long cancelled, double progress, double percentage,
            Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt, long elapsedMs,
            Double throughputPerSec, Double avgItemMs, Long etaSeconds, List<String> current, BestResult bestSoFar,
            List<RecentError> recentErrors, List<StageSpan> stages, ConfigRecap configRecap, String stageMessage,
            Double stagePercentage, List<FailureGroupCount> failureGroups) {
        this(batchId, schemaVersion, version, sourceOffset, lastEventId, name, owner, status, statusReason, stage,
                total, pending, inProgress, completed, failed, cancelled, progress, percentage, createdAt, startedAt,
                finishedAt, updatedAt, elapsedMs, throughputPerSec, avgItemMs, etaSeconds, current, bestSoFar,
                recentErrors, stages, configRecap, stageMessage, stagePercentage, failureGroups, null);
    }

    /** Completed, failed or cancelled: what the progress bar counts as done. */
    public long finished() {
        return completed + failed + cancelled;
    }
}
