package io.batchpulse.events.query;

import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.model.ItemStatus;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One item row with its result or error, as the internal read API returns it. */
public record ItemView(
        UUID id,
        long index,
        String label,
        ItemStatus status,
        int attempt,
        String workerId,
        JsonNode payload,
        JsonNode result,
        Double score,
        ItemError error,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs) {
}
