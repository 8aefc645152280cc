package io.batchpulse.gateway.progress;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.progress.ProgressSnapshot;

/** What the world sees of an aggregate. */
final class SnapshotProjection {

    private SnapshotProjection() {
    }

    static ProgressSnapshot of(BatchAggregate aggregate) {
        ItemCounts counts = aggregate.counts;
        long total = counts.total(aggregate.total);
        long pending = counts.pending(aggregate.total);
        long inProgress = counts.inProgress();
        long cancelled = counts.cancelled(aggregate.total);
        long finished = counts.completed() + counts.failed() + cancelled;
        Double throughput = SnapshotMath.throughputPerSec(aggregate.finishTimesMs);
        return new ProgressSnapshot(
                aggregate.batchId,
                SchemaVersion.CURRENT,
                aggregate.version,
                aggregate.sourceOffset,
                aggregate.lastEventId,
                aggregate.name,
                aggregate.owner,
                aggregate.status,
                aggregate.statusReason,
                aggregate.stage,
                total,
                pending,
                inProgress,
                counts.completed(),
                counts.failed(),
                cancelled,
                SnapshotMath.progress(finished, total, aggregate.status),
                SnapshotMath.percentage(finished, total, aggregate.status),
                aggregate.createdAt,
                aggregate.startedAt,
                aggregate.finishedAt,
                aggregate.updatedAt,
                SnapshotMath.elapsedMs(aggregate.startedAt, aggregate.finishedAt, aggregate.updatedAt),
                SnapshotMath.rounded(throughput),
                SnapshotMath.averageMs(aggregate.completedDurationMs, aggregate.completedCount),
                SnapshotMath.etaSeconds(aggregate.status, pending + inProgress, throughput),
                aggregate.current.stream().map(BatchAggregate.InFlight::label).toList(),
                aggregate.bestSoFar,
                aggregate.recentErrors,
                aggregate.stages,
                aggregate.configRecap,
                aggregate.stageMessage,
                aggregate.stagePercentage,
                aggregate.failureGroups.top(FailureGroupTally.SHOWN),
                aggregate.queue);
    }
}
