package io.batchpulse.orchestrator.item;

import java.util.UUID;

/**
 * An item attempt whose lease just expired.
 *
 * @param requeued the expiry sends the item back to pending for another attempt; false: it fails for good
 * @param started a worker started the attempt (its lease ran from item.started or item.progress)
 * @param itemTimeout the batch's item timeout, as the batch options spell it
 */
public record ExpiredItem(UUID itemId, UUID batchId, long index, int attempt, String label, String workerId,
        boolean requeued, boolean started, String itemTimeout) {
}
