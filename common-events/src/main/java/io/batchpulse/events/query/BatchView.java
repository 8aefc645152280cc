package io.batchpulse.events.query;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A batch as the orchestrator's internal read API returns it to the gateway. inProgressItems
 * counts dispatched and started items alike: both hold a slot of the batch's window.
 *
 * @param statusReason why the batch stopped or paused (TIMEOUT, FAILURE_THRESHOLD), else null
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
        Instant finishedAt) {
}
