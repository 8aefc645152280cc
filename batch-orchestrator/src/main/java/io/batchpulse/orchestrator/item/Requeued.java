package io.batchpulse.orchestrator.item;

import java.time.Instant;
import java.util.UUID;

/**
 * An item an item.retrying put back to pending.
 *
 * @param throttledUntil the upstream's Retry-After when it asked to wait; null for an ordinary retry
 */
public record Requeued(UUID batchId, Instant throttledUntil) {
}
