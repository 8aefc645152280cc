package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A batch as {@code GET /api/v1/batches/{id}} answers it: settings, counts, timings, the first
 * page of items and the progress snapshot (null while the topology has none for the batch).
 *
 * @param stage     the stage the batch is in (the orchestrator's word, else the snapshot's)
 * @param source    the uploaded file the items came from, with its report of skipped lines; null for JSON batches
 * @param durations time per stage from the snapshot's stages; null without a snapshot
 */
public record BatchDetails(
        UUID id,
        String name,
        String owner,
        BatchStatus status,
        String statusReason,
        String processor,
        JsonNode config,
        BatchOptions options,
        long totalItems,
        long completedItems,
        long failedItems,
        long cancelledItems,
        long inProgressItems,
        long pendingItems,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String stage,
        FileSource source,
        StageDurations durations,
        ProgressSnapshot snapshot,
        PageView<ItemView> items) {

    public static BatchDetails of(BatchView view, PageView<ItemView> items, ProgressSnapshot snapshot) {
        String stage = view.stage() != null || snapshot == null ? view.stage() : snapshot.stage();
        return new BatchDetails(view.id(), view.name(), view.owner(), view.status(), view.statusReason(),
                view.processor(), view.config(), view.options(), view.totalItems(), view.completedItems(),
                view.failedItems(), view.cancelledItems(), view.inProgressItems(), view.pendingItems(),
                view.createdAt(), view.startedAt(), view.finishedAt(), stage, view.source(),
                StageDurations.of(snapshot), snapshot, items);
    }
}
