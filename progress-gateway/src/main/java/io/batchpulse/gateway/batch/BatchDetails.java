package io.batchpulse.gateway.batch;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import java.util.UUID;

/**
 * A batch as {@code GET /api/v1/batches/{id}} answers it: the orchestrator's view (settings,
 * counts, timings, source) with its fields at the top level, plus the first page of items and the
 * progress snapshot (null while the topology has none for the batch).
 *
 * @param batch     its stage is the orchestrator's word, else the snapshot's
 * @param durations time per stage from the snapshot's stages; null without a snapshot
 */
public record BatchDetails(
        @JsonUnwrapped BatchView batch,
        StageDurations durations,
        ProgressSnapshot snapshot,
        PageView<ItemView> items) {

    public static BatchDetails of(BatchView view, PageView<ItemView> items, ProgressSnapshot snapshot) {
        String stage = view.stage() != null || snapshot == null ? view.stage() : snapshot.stage();
        return new BatchDetails(view.withStage(stage), StageDurations.of(snapshot), snapshot, items);
    }

    public UUID id() {
        return batch.id();
    }
}
