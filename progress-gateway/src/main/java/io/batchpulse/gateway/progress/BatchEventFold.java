package io.batchpulse.gateway.progress;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchQueued;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.BatchStage;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.ConfigRecap;
import io.batchpulse.events.progress.QueuePlace;
import java.util.Objects;

/**
 * Folds batch-level events into a batch's aggregate. The orchestrator's status machine decides
 * every status; this only follows it, in the order the events arrive (the orchestrator relays
 * them in order through its outbox).
 */
final class BatchEventFold {

    private BatchEventFold() {
    }

    /**
     * True if the event changed the aggregate; command.rejected, duplicates and a stage without a
     * name do not, and then the aggregate is left exactly as it was.
     */
    static boolean apply(BatchAggregate aggregate, BatchEvent event) {
        if (!handles(event) || isNamelessStage(event) || !aggregate.firstSighting(event.eventId())) {
            return false;
        }
        if (event instanceof BatchCreated created) {
            created(aggregate, created);
        } else if (event instanceof BatchStarted started) {
            started(aggregate, started);
        } else if (event instanceof BatchStage stage) {
            stage(aggregate, stage);
        } else if (event instanceof BatchPaused paused) {
            status(aggregate, BatchStatus.PAUSED, paused.reason());
        } else if (event instanceof BatchResumed) {
            status(aggregate, BatchStatus.RUNNING, null);
        } else if (event instanceof BatchCancelled) {
            ended(aggregate, event, BatchStatus.CANCELLED, null);
        } else if (event instanceof BatchRetried retried) {
            status(aggregate, BatchStatus.RUNNING, null);
            aggregate.finishedAt = null;
            retried(aggregate, retried);
        } else if (event instanceof BatchQueued queued) {
            queued(aggregate, queued);
        } else if (event instanceof BatchCompleted completed) {
            if (aggregate.total == 0) {
                aggregate.total = completed.total();
            }
            ended(aggregate, event, completed.status(), completed.reason());
        }
        return true;
    }

    private static boolean handles(BatchEvent event) {
        return event instanceof BatchCreated || event instanceof BatchStarted || event instanceof BatchStage
                || event instanceof BatchPaused || event instanceof BatchResumed || event instanceof BatchCancelled
                || event instanceof BatchRetried || event instanceof BatchCompleted || event instanceof BatchQueued;
    }

    private static void created(BatchAggregate aggregate, BatchCreated created) {
        aggregate.name = created.name();
        aggregate.owner = created.owner();
        aggregate.createdAt = created.occurredAt();
        BatchOptions options = created.options() == null ? BatchOptions.defaults() : created.options().withDefaults();
        aggregate.configRecap = new ConfigRecap(created.processor(), options.maxInFlight(), options.maxAttempts(),
                options.itemTimeout(), options.itemsPerSecond(), options.deadline(), options.failurePolicy());
    }

    private static void started(BatchAggregate aggregate, BatchStarted started) {
        aggregate.total = started.total();
        if (aggregate.startedAt == null) {
            aggregate.startedAt = started.occurredAt();
        }
        // only the created state moves to running here: a late duplicate must not undo a pause
        if (aggregate.status == BatchStatus.CREATED) {
            aggregate.status = BatchStatus.RUNNING;
        }
    }

    private static boolean isNamelessStage(BatchEvent event) {
        return event instanceof BatchStage stage && stage.stage() == null;
    }

    /** A new stage opens a span; a repeated one (progress within the stage) only updates its message and percentage. */
    private static void stage(BatchAggregate aggregate, BatchStage stage) {
        if (Objects.equals(stage.stage(), aggregate.stage)) {
            aggregate.stageProgress(stage.message(), stage.percentage());
        } else {
            aggregate.enterStage(stage.stage(), stage.occurredAt(), stage.message(), stage.percentage());
        }
    }

    /**
     * Retried items leave their failure groups at once, as they leave the failed count. A group's
     * size is the tally's when it tracks the group (it then matches the orchestrator's, which
     * folded the same item.failed events before this one), else the orchestrator's count.
     */
    private static void retried(BatchAggregate aggregate, BatchRetried retried) {
        if (retried.itemIndex() != null) {
            // one item: its state is in the item store, which ProgressProcessor moves
            return;
        }
        if (retried.group() == null) {
            aggregate.failureGroups.clear();
            aggregate.bulkChange(BulkChange.Kind.RETRY_FAILED);
        } else {
            long items = aggregate.failureGroups.remove(retried.group()).orElse(retried.requeuedItems());
            aggregate.retryGroup(retried.group(), items);
        }
    }

    /** A place only while running: one that arrives after the batch stopped is out of date. */
    private static void queued(BatchAggregate aggregate, BatchQueued queued) {
        aggregate.queue = queued.position() == null || aggregate.status != BatchStatus.RUNNING ? null
                : new QueuePlace(queued.position(), queued.limit(), queued.itemsAhead(), queued.expectedStartAt());
    }

    /** A change of status ends a wait in the queue: the orchestrator tells a resumed batch its place anew. */
    private static void status(BatchAggregate aggregate, BatchStatus status, String reason) {
        if (aggregate.status != status) {
            aggregate.queue = null;
        }
        aggregate.status = status;
        aggregate.statusReason = reason;
    }

    /** Items still waiting when a batch ends will never run: they count as cancelled. */
    private static void ended(BatchAggregate aggregate, BatchEvent event, BatchStatus status, String reason) {
        status(aggregate, status == null ? BatchStatus.COMPLETED : status, reason);
        aggregate.finishedAt = event.occurredAt();
        aggregate.closeStage(event.occurredAt());
        aggregate.bulkChange(BulkChange.Kind.CANCEL_PENDING);
    }
}
