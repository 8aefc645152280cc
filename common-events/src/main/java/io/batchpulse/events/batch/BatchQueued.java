package io.batchpulse.events.batch;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.BatchEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A running batch waits for its shared limit (behind the limit's other batches, or higher
 * priorities), or no longer does. Written by the orchestrator when the batch's place changes.
 *
 * @param position        its place among the limit's waiting batches, from 1; null: it is being
 *                        dispatched again (or no longer running), so it has no place in the queue
 * @param limit           the shared limit it waits for
 * @param itemsAhead      items the limit still has to serve before this batch's turn
 * @param expectedStartAt when its first item should leave at the limit's throughput measured now;
 *                        null while that throughput is unknown
 */
@JsonTypeName(BatchQueued.TYPE)
public record BatchQueued(
        UUID eventId,
        UUID batchId,
        Instant occurredAt,
        int schemaVersion,
        Integer position,
        String limit,
        long itemsAhead,
        Instant expectedStartAt) implements BatchEvent {

    public static final String TYPE = "batch.queued";

    @Override
    public String type() {
        return TYPE;
    }
}
