package io.batchpulse.orchestrator.command;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CancelBatch;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.command.ResumeBatch;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.BatchEndings;
import io.batchpulse.orchestrator.batch.BatchJob;
import io.batchpulse.orchestrator.batch.BatchJobs;
import io.batchpulse.orchestrator.batch.BatchStages;
import io.batchpulse.orchestrator.batch.BatchStatusMachine.Action;
import io.batchpulse.orchestrator.batch.BatchStatusMachine;
import io.batchpulse.orchestrator.batch.CounterDelta;
import io.batchpulse.orchestrator.failure.FailureGroups;
import io.batchpulse.orchestrator.item.ItemStore;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.batchpulse.orchestrator.slice.ItemSlices;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies one command inside the caller's transaction and writes its outcome event to the outbox
 * (none for a successful append-items). Refusals throw {@link CommandRejectedException} before anything changed.
 */
@Component
class CommandHandlers {

    private static final Logger log = LoggerFactory.getLogger(CommandHandlers.class);

    private final BatchJobs jobs;
    private final ItemStore items;
    private final BatchCounters counters;
    private final BatchEndings endings;
    private final BatchStages stages;
    private final ItemSlices slices;
    private final FailureGroups failures;
    private final Outbox outbox;
    private final BatchCreations creations;

    CommandHandlers(BatchJobs jobs, ItemStore items, BatchCounters counters, BatchEndings endings,
            BatchStages stages, ItemSlices slices, FailureGroups failures, Outbox outbox, BatchCreations creations) {
        this.jobs = jobs;
        this.items = items;
        this.counters = counters;
        this.endings = endings;
        this.stages = stages;
        this.slices = slices;
        this.failures = failures;
        this.outbox = outbox;
        this.creations = creations;
    }

    /**
     * Applies the command and writes its outcome event (if any) to the outbox. A stage the
     * command moves the batch to is written right before the outcome event (after batch.created).
     */
    void apply(BatchCommand command) {
        if (command instanceof CreateBatch create) {
            creations.create(create);
        } else if (command instanceof AppendItems append) {
            append(append);
        } else if (command instanceof SealBatch seal) {
            seal(seal);
        } else if (command instanceof PauseBatch pause) {
            pause(pause);
        } else if (command instanceof ResumeBatch resume) {
            resume(resume);
            endings.completeFinished(List.of(resume.batchId()));
        } else if (command instanceof CancelBatch cancel) {
            cancel(cancel);
        } else if (command instanceof RetryFailed retry) {
            retryFailed(retry);
            endings.completeFinished(List.of(retry.batchId()));
        } else if (command instanceof RerunBatch rerun) {
            creations.rerun(rerun);
        } else {
            throw CommandRejectedException.validation("unknown command type " + command.type(), List.of());
        }
    }

    private void append(AppendItems command) {
        BatchJob job = controllable(command, null);
        if (job.sealed() || job.status() != BatchStatus.CREATED) {
            throw invalid(job, "batch " + job.id() + " is sealed; no more items can be appended");
        }
        long before = job.total();
        int inserted = items.insertPending(job.id(), command.firstIndex(), command.items());
        counters.addAppended(job.id(), inserted);
        stages.parsed(job, before, inserted);
        log.debug("Batch {}: appended {} of {} items from index {}", job.id(), inserted, command.items().size(),
                command.firstIndex());
    }

    private void seal(SealBatch command) {
        change(command, Action.SEAL, (job, now) -> {
            if (job.total() != command.total()) {
                throw CommandRejectedException.validation("seal says " + command.total() + " items but "
                        + job.total() + " were appended", List.of("total: expected " + job.total()));
            }
            job.seal(now);
            stages.sealed(job, now);
            log.info("Batch {} sealed with {} items and started", job.id(), job.total());
            return new BatchStarted(UUID.randomUUID(), job.id(), now, SchemaVersion.CURRENT, command.commandId(),
                    job.total());
        });
    }

    private void pause(PauseBatch command) {
        change(command, Action.PAUSE, (job, now) -> {
            job.pause("USER");
            log.info("Batch {} paused by {}", job.id(), command.requestedBy().subject());
            return new BatchPaused(UUID.randomUUID(), job.id(), now, SchemaVersion.CURRENT, command.commandId(),
                    command.requestedBy().subject(), "USER");
        });
    }

    private void resume(ResumeBatch command) {
        change(command, Action.RESUME, (job, now) -> {
            job.resume();
            log.info("Batch {} resumed by {}", job.id(), command.requestedBy().subject());
            return new BatchResumed(UUID.randomUUID(), job.id(), now, SchemaVersion.CURRENT,
                    command.commandId(), command.requestedBy().subject());
        });
    }

    /**
     * The status flips at once, so nothing more is dispatched, and the answer goes out with it:
     * every item pending now is cancelled, the first slice of them in this transaction and the
     * rest by the slicer ({@link ItemSlices}), whatever the batch's size.
     */
    private void cancel(CancelBatch command) {
        change(command, Action.CANCEL, (job, now) -> {
            long cancelled = counters.counts(job.id()).pending();
            slices.cancelSlice(job.id());
            job.cancel(now);
            stages.cancelled(job, command.requestedBy().subject(), cancelled, now);
            log.info("Batch {} cancelled by {}: {} pending items to cancel", job.id(),
                    command.requestedBy().subject(), cancelled);
            return new BatchCancelled(UUID.randomUUID(), job.id(), now, SchemaVersion.CURRENT,
                    command.commandId(), command.requestedBy().subject(), cancelled);
        });
    }

    /**
     * The batch runs again at once and the answer goes out with it; its failed items become
     * pending slice by slice (the first one in this transaction), and dispatch takes each slice
     * as it lands. The batch cannot complete before the last slice. With a group, only that
     * group's failed items are re-queued; a group with no failed item is refused as not found,
     * before anything changed, rather than running the batch again for nothing.
     */
    private void retryFailed(RetryFailed command) {
        String group = command.group();
        if (group != null && !FailureGroup.isRetryable(group)) {
            throw CommandRejectedException.validation("group: not a failure group key",
                    List.of("group: 16 hex digits or " + FailureGroup.UNGROUPED));
        }
        if (command.itemIndex() != null && (group != null || command.itemIndex() < 0)) {
            throw CommandRejectedException.validation("itemIndex: one item (index 0 or more) or one group, not both",
                    List.of("itemIndex: " + command.itemIndex()));
        }
        change(command, Action.RETRY_FAILED, (job, now) -> {
            long requeued = command.itemIndex() != null ? requeueItem(job, command.itemIndex())
                    : requeueFailed(job, group);
            job.retryFailed(now);
            stages.retried(job, requeued, now);
            log.info("Batch {} retried by {}: {} failed items to re-queue{}", job.id(),
                    command.requestedBy().subject(), requeued, group != null ? " of group " + group
                            : command.itemIndex() != null ? " (item " + command.itemIndex() + ")" : "");
            return new BatchRetried(UUID.randomUUID(), job.id(), now, SchemaVersion.CURRENT,
                    command.commandId(), command.requestedBy().subject(), requeued, group, command.itemIndex());
        });
    }

    /** Every failed item, or one group's; a group with no failed item is refused before anything changed. */
    private long requeueFailed(BatchJob job, String group) {
        long requeued = group == null ? counters.counts(job.id()).failed() : failures.failedIn(job.id(), group);
        if (group != null && requeued == 0) {
            throw new CommandRejectedException(CommandRejectedException.NOT_FOUND,
                    "batch " + job.id() + " has no failed items in group " + group, job.status(),
                    List.of("group: " + group));
        }
        slices.startRequeue(job.id(), group);
        return requeued;
    }

    /** One failed item, at once (no slices); any other item is refused before anything changed. */
    private long requeueItem(BatchJob job, long index) {
        ItemStatus status = items.statusOf(job.id(), index).orElseThrow(() -> new CommandRejectedException(
                CommandRejectedException.NOT_FOUND, "batch " + job.id() + " has no item " + index, job.status(),
                List.of("itemIndex: " + index)));
        if (status != ItemStatus.FAILED) {
            throw new CommandRejectedException(CommandRejectedException.INVALID_TRANSITION, "item " + index + " is "
                    + status.wire() + "; only a failed item can be retried", job.status(),
                    List.of("itemStatus: " + status.wire()));
        }
        int requeued = items.retryFailedItem(job.id(), index);
        counters.apply(job.id(), CounterDelta.requeuedFromFailed(requeued));
        return requeued;
    }

    /**
     * Every status command the same way: lock the batch and check the action is allowed, apply
     * the change (items, counters, status and stage), flush the row so the outcome event follows
     * a written change, and write that event to the outbox.
     */
    private void change(BatchCommand command, Action action, BiFunction<BatchJob, Instant, BatchEvent> change) {
        BatchJob job = controllable(command, action);
        BatchEvent outcome = change.apply(job, Instant.now());
        jobs.flush();
        outbox.append(outcome);
    }

    /** Locks the batch and checks it exists, the requester may control it and the action is allowed now. */
    private BatchJob controllable(BatchCommand command, Action action) {
        BatchJob job = jobs.lock(command.batchId()).orElseThrow(() -> new CommandRejectedException(
                CommandRejectedException.NOT_FOUND, "batch " + command.batchId() + " not found", null, List.of()));
        if (!command.requestedBy().mayControl(job.owner())) {
            // the answer for a batch that is not there (no status either): no one learns which ids exist
            throw new CommandRejectedException(CommandRejectedException.NOT_FOUND,
                    "batch " + command.batchId() + " not found", null, List.of());
        }
        if (action != null && !BatchStatusMachine.allows(job.status(), action)) {
            throw invalid(job, "cannot " + action.verb() + " a batch that is " + job.status().wire());
        }
        return job;
    }

    private static CommandRejectedException invalid(BatchJob job, String message) {
        return new CommandRejectedException(CommandRejectedException.INVALID_TRANSITION, message, job.status(),
                List.of());
    }
}
