package io.batchpulse.gateway.progress;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.BestResult;
import io.batchpulse.events.progress.ConfigRecap;
import io.batchpulse.events.progress.QueuePlace;
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
    /** The latest batch.stage's message and percentage (absent in aggregates stored before they existed: null). */
    String stageMessage;
    Double stagePercentage;
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
    /** Absent in aggregates stored before failure groups existed: read as none. */
    FailureGroupTally failureGroups = new FailureGroupTally();
    /** Where the batch waits for its shared limit (batch.queued); null while dispatched (and when stored before it existed). */
    QueuePlace queue;
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

    /** A retry of one failure group: only its items move, {@code items} of them. */
    void retryGroup(String group, long items) {
        generation++;
        bulkChanges.add(new BulkChange(generation, BulkChange.Kind.RETRY_FAILED, group));
        counts.apply(BulkChange.Kind.RETRY_FAILED, items);
    }

    /**
     * The batch entered a stage at {@code at}: the open stage ends there. Stages arrive in the
     * order the orchestrator entered them, but their times need not be in that order (the
     * uploading stage starts when the upload started, before the batch existed). A stage that
     * started before the last known one is placed where its time puts it, so the list stays in
     * time order and each span ends where the next begins; the current stage stays the latest.
     */
    void enterStage(String name, Instant at, String message, Double percentage) {
        int last = stages.size() - 1;
        if (last >= 0 && at != null && stages.get(last).startedAt() != null
                && at.isBefore(stages.get(last).startedAt())) {
            insertEarlierStage(name, at);
            return;
        }
        closeStage(at);
        stage = name;
        stageProgress(message, percentage);
        addCapped(stages, new StageSpan(name, at, null), MAX_STAGES);
    }

    void stageProgress(String message, Double percentage) {
        stageMessage = message;
        stagePercentage = percentage;
    }

    private void insertEarlierStage(String name, Instant at) {
        int position = 0;
        while (position < stages.size() && !startsAfter(stages.get(position), at)) {
            position++;
        }
        if (position > 0) {
            StageSpan before = stages.get(position - 1);
            if (before.endedAt() == null || before.endedAt().isAfter(at)) {
                stages.set(position - 1, before.endedAt(at));
            }
        }
        stages.add(position, new StageSpan(name, at, stages.get(position).startedAt()));
        while (stages.size() > MAX_STAGES) {
            stages.remove(0);
        }
    }

    void closeStage(Instant at) {
        int last = stages.size() - 1;
        if (last >= 0 && stages.get(last).endedAt() == null) {
            stages.set(last, stages.get(last).endedAt(at));
        }
    }

    private static boolean startsAfter(StageSpan span, Instant at) {
        return span.startedAt() != null && span.startedAt().isAfter(at);
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
