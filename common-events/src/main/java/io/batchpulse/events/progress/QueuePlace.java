package io.batchpulse.events.progress;

import java.time.Instant;

/** Where a waiting batch stands in its shared limit's queue (see batch.queued). */
public record QueuePlace(int position, String limit, long itemsAhead, Instant expectedStartAt) {
}
