package io.batchpulse.bench;

import io.batchpulse.events.json.EventJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * What one SSE client of a batch measures, from the events as they arrive:
 * <ul>
 * <li>delivery: an {@code item.completed} event's time (the worker's publish time, {@code occurredAt},
 * which the SSE feed calls {@code timestamp})
 * to the moment the client has it;</li>
 * <li>freshness: the same {@code occurredAt} to the moment the client has the first
 * {@code batch.progress} snapshot that includes the event. A snapshot includes an item event when
 * its {@code sourceOffset} reaches the event's SSE id (both are batch-events offsets); when either
 * is missing, when its {@code completed} count reaches the event's position in the feed (exact for
 * batches without failures, which are the only ones the benchmark runs).</li>
 * </ul>
 */
final class FeedLatency {

    private record Pending(long offset, long ordinal, Instant occurredAt) {
    }

    private final Histogram delivery = Percentiles.histogram();
    private final Histogram freshness = Percentiles.histogram();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long completedBase = -1;
    private long itemsSeen;
    private long snapshotOffset = -1;
    private long snapshotCompleted = -1;
    private Instant snapshotAt;
    private long snapshots;
    private long untimed;

    Histogram delivery() {
        return delivery;
    }

    Histogram freshness() {
        return freshness;
    }

    long snapshots() {
        return snapshots;
    }

    long itemEvents() {
        return itemsSeen;
    }

    /** Item events without a time to measure from. */
    long untimed() {
        return untimed;
    }

    /** Item events still waiting for a snapshot that includes them. */
    int uncovered() {
        return pending.size();
    }

    void snapshot(String data, Instant receivedAt) {
        JsonNode snapshot = EventJson.mapper().readTree(data);
        snapshots++;
        snapshotOffset = snapshot.path("sourceOffset").asLong(-1);
        if (snapshotOffset == 0) {
            snapshotOffset = -1; // written before the field existed
        }
        snapshotCompleted = snapshot.path("completed").asLong(-1);
        snapshotAt = receivedAt;
        if (completedBase < 0) {
            completedBase = snapshotCompleted; // items counted before this client connected
        }
        while (!pending.isEmpty() && covered(pending.peekFirst())) {
            record(freshness, pending.pollFirst().occurredAt(), receivedAt);
        }
    }

    void itemCompleted(String data, String id, Instant receivedAt) {
        Instant occurredAt = occurredAt(EventJson.mapper().readTree(data));
        if (occurredAt == null) {
            untimed++;
            return;
        }
        record(delivery, occurredAt, receivedAt);
        itemsSeen++;
        if (completedBase < 0) {
            return; // no snapshot yet to count from
        }
        Pending item = new Pending(offset(id), completedBase + itemsSeen, occurredAt);
        if (snapshotAt != null && covered(item)) {
            record(freshness, occurredAt, snapshotAt); // the snapshot overtook the feed
        } else {
            pending.addLast(item);
        }
    }

    /** The event's occurredAt: the SSE feed names it {@code timestamp}, the raw event {@code occurredAt}. */
    private static Instant occurredAt(JsonNode event) {
        for (String field : new String[] {"timestamp", "occurredAt"}) {
            String value = event.path(field).asString("");
            if (!value.isEmpty()) {
                return Instant.parse(value);
            }
        }
        return null;
    }

    private boolean covered(Pending item) {
        if (item.offset() >= 0 && snapshotOffset >= 0) {
            return item.offset() <= snapshotOffset;
        }
        return item.ordinal() <= snapshotCompleted;
    }

    private static long offset(String id) {
        if (id == null) {
            return -1;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void record(Histogram histogram, Instant from, Instant to) {
        histogram.recordValue(Math.max(0, ChronoUnit.MICROS.between(from, to)));
    }
}
