package io.batchpulse.gateway.progress;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.BestResult;
import io.batchpulse.events.progress.ConfigRecap;
import io.batchpulse.events.progress.RecentError;
import io.batchpulse.events.progress.StageSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything the topology keeps per batch (one entry of the batch store), apart from per-item
 * state, which has its own store. Its size is bounded whatever the batch size: counts, and lists
 * capped at a handful of entries. Mutable because it is folded event by event inside one
 * processor call and written back once.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class BatchAggregate {

    static final int MAX_CURRENT = 10;
    static final int MAX_RECENT_ERRORS = 5;
    static final int MAX_STAGES = 50;
    /** Batch-level events are deduplicated by id; a re-sent outbox tail is short. */
    static final int REMEMBERED_BATCH_EVENTS = 16;

    UUID batchId;
    String name;
    String owner;
    ConfigRecap configRecap;
    Instant createdAt;
    BatchStatus status = BatchStatus.CREATED;
    String statusReason;
    String stage;
    List<StageSpan> stages = new ArrayList<>();
    long total;
    Instant startedAt;
    Instant finishedAt;
    Instant updatedAt;
    ItemCounts counts = new ItemCounts();
    int generation;
    List<BulkChange> bulkChanges = new ArrayList<>();
    List<Long> finishTimesMs = new ArrayList<>();
    long completedDurationMs;
    long completedCount;
    List<InFlight> current = new ArrayList<>();
    BestResult bestSoFar;
    List<RecentError> recentErrors = new ArrayList<>();
    List<UUID> recentBatchEventIds = new ArrayList<>();
    long version;
    /** Offset in batch-events of the last applied event; -1 before the first. */
    long sourceOffset = -1;
    UUID lastEventId;

    /** An item being processed, for the "Testing NVDA" line. */
    record InFlight(UUID itemId, String label) {
    }

    BatchAggregate() {
        // for JSON
    }

    static BatchAggregate of(UUID batchId) {
        BatchAggregate aggregate = new BatchAggregate();
        aggregate.batchId = batchId;
        return aggregate;
    }

    /** Counts the event as applied: the snapshot's version, id and time move with it. */
    void applied(BatchEvent event, long offset) {
        version++;
        sourceOffset = offset;
        lastEventId = event.eventId();
        if (event.occurredAt() != null && (updatedAt == null || event.occurredAt().isAfter(updatedAt))) {
            updatedAt = event.occurredAt();
        }
    }

    /** False if this batch-level event was applied already (a re-sent duplicate). */
    boolean firstSighting(UUID eventId) {
        if (eventId == null) {
            return true;
        }
        if (recentBatchEventIds.contains(eventId)) {
            return false;
        }
        addCapped(recentBatchEventIds, eventId, REMEMBERED_BATCH_EVENTS);
        return true;
    }

    void bulkChange(BulkChange.Kind kind) {
        generation++;
        bulkChanges.add(new BulkChange(generation, kind));
        counts.apply(kind);
    }

    void enterStage(String name, Instant at) {
        closeStage(at);
        stage = name;
        addCapped(stages, new StageSpan(name, at, null), MAX_STAGES);
    }

    void closeStage(Instant at) {
        int last = stages.size() - 1;
        if (last >= 0 && stages.get(last).endedAt() == null) {
            stages.set(last, stages.get(last).endedAt(at));
        }
    }

    void running(UUID itemId, String label) {
        if (current.stream().noneMatch(item -> item.itemId().equals(itemId))) {
            addCapped(current, new InFlight(itemId, label), MAX_CURRENT);
        }
    }

    void notRunning(UUID itemId) {
        current.removeIf(item -> item.itemId().equals(itemId));
    }

    void finishedAt(Instant at) {
        if (at != null) {
            addCapped(finishTimesMs, at.toEpochMilli(), SnapshotMath.THROUGHPUT_WINDOW);
        }
    }

    void error(RecentError error) {
        addCapped(recentErrors, error, MAX_RECENT_ERRORS);
    }

    private static <T> void addCapped(List<T> list, T element, int cap) {
        list.add(element);
        while (list.size() > cap) {
            list.remove(0);
        }
    }
}
