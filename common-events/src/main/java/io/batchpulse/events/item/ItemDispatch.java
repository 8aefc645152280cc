package io.batchpulse.events.item;

import io.batchpulse.events.SchemaVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of one item, as written to item-dispatch (key: itemId) for the workers. It carries
 * everything a worker needs, so workers never read the database.
 *
 * @param attempt     this attempt's number; it keeps rising for the item's whole life (also across
 *                    retry-failed), so readers can order an item's events by it
 * @param maxAttempts the last attempt number this dispatch's budget allows: a retryable failure of
 *                    an earlier attempt is retried, one of this attempt fails the item
 * @param itemTimeout the lease: without a result or an item.progress heartbeat within it, the
 *                    orchestrator dispatches the item again
 */
public record ItemDispatch(
        UUID dispatchId,
        UUID batchId,
        UUID itemId,
        long index,
        int attempt,
        int maxAttempts,
        String processor,
        JsonNode config,
        String label,
        JsonNode payload,
        Instant dispatchedAt,
        Duration itemTimeout,
        int schemaVersion) {

    public boolean understood() {
        return SchemaVersion.understood(schemaVersion);
    }

    public boolean lastAttempt() {
        return attempt >= maxAttempts;
    }
}
