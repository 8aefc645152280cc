package io.batchpulse.events.query;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A batch as the orchestrator's internal read API returns it to the gateway. inProgressItems
 * counts dispatched and started items alike: both hold a slot of the batch's window.
 *
 * @param statusReason why the batch stopped or paused (TIMEOUT, FAILURE_THRESHOLD), else null
 * @param stage        the stage the batch is in (uploading, parsing, queued, processing, finalizing,
 *                     completed, failed, cancelled), null for batches from before stages existed
 * @param source       the uploaded file the items come from (with its report of skipped lines),
 *                     null for a batch created from JSON
 */
public record BatchView(
        UUID id,
        String name,
        String owner,
        BatchStatus status,
        String statusReason,
        String processor,
        JsonNode config,
        BatchOptions options,
        long totalItems,
        long pendingItems,
        long inProgressItems,
        long completedItems,
        long failedItems,
        long cancelledItems,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String stage,
        FileSource source) {

    /** The same batch, said to be in {@code stage} (the gateway names a snapshot's stage where the store has none). */
    public BatchView withStage(String stage) {
        return Objects.equals(stage, this.stage) ? this : new BatchView(id, name, owner, status, statusReason,
                processor, config, options, totalItems, pendingItems, inProgressItems, completedItems, failedItems,
                cancelledItems, createdAt, startedAt, finishedAt, stage, source);
    }
}
