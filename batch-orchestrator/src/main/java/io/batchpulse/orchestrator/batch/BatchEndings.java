package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.model.FailureAction;
import io.batchpulse.events.model.FailurePolicy;
import io.batchpulse.orchestrator.batch.BatchStatusMachine.Action;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.item.ItemStore;
import io.batchpulse.orchestrator.outbox.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides, inside the transaction that just moved items, whether batches end: all items
 * finished (completed / completed_with_errors), the failure policy tripped (pause or fail), or
 * the deadline passed (failed, TIMEOUT). Callers hold the batch row locks.
 */
@Component
public class BatchEndings {

    public static final String FAILURE_THRESHOLD = "FAILURE_THRESHOLD";
    public static final String TIMEOUT = "TIMEOUT";

    private static final Logger log = LoggerFactory.getLogger(BatchEndings.class);

    private final JdbcTemplate jdbc;
    private final BatchJobs jobs;
    private final BatchCounters counters;
    private final ItemStore items;
    private final BatchStages stages;
    private final Outbox outbox;

    public BatchEndings(JdbcTemplate jdbc, BatchJobs jobs, BatchCounters counters, ItemStore items,
            BatchStages stages, Outbox outbox) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.counters = counters;
        this.items = items;
        this.stages = stages;
        this.outbox = outbox;
    }

    /**
     * Completes every given running batch that is sealed and has nothing pending or in flight,
     * nor failed items a retry-failed has still to re-queue.
     */
    public void completeFinished(Collection<UUID> batchIds) {
        if (batchIds.isEmpty()) {
            return;
        }
        List<UUID> finished = jdbc.queryForList("""
                SELECT id FROM batch_jobs
                WHERE id = ANY(?::uuid[]) AND status = 'running' AND sealed AND pending = 0 AND in_flight = 0
                  AND requeue_from IS NULL
                ORDER BY id
                """, UUID.class, (Object) SqlArrays.uuids(batchIds));
        for (UUID id : finished) {
            BatchCounters.Counts counts = counters.counts(id);
            end(id, BatchStatusMachine.finishing(counts.failed()), null);
        }
    }

    /** Applies each running batch's failure policy to its current counts. */
    public void applyFailurePolicies(Collection<UUID> batchIds) {
        if (batchIds.isEmpty()) {
            return;
        }
        record Candidate(UUID id, String policy, long completed, long failed) {
        }
        List<Candidate> candidates = jdbc.query("""
                SELECT id, options->>'failurePolicy' AS policy, completed, failed FROM batch_jobs
                WHERE id = ANY(?::uuid[]) AND status = 'running' AND failed > 0
                  AND jsonb_typeof(options->'failurePolicy') = 'object'
                ORDER BY id
                """, (rs, n) -> new Candidate(Rows.uuid(rs, "id"), rs.getString("policy"), rs.getLong("completed"),
                rs.getLong("failed")), (Object) SqlArrays.uuids(batchIds));
        for (Candidate candidate : candidates) {
            FailurePolicy policy = JsonText.read(candidate.policy(), FailurePolicy.class).withDefaults();
            if (!policy.tripped(candidate.completed() + candidate.failed(), candidate.failed())) {
                continue;
            }
            if (policy.action() == FailureAction.FAIL) {
                end(candidate.id(), Action.FAIL, FAILURE_THRESHOLD);
            } else {
                pauseForFailures(candidate.id());
            }
        }
    }

    /** Fails every running batch whose deadline (counted from its start) has passed. */
    public void enforceDeadlines() {
        List<UUID> overdue = jdbc.queryForList("""
                SELECT id FROM batch_jobs
                WHERE status = 'running' AND options->>'deadline' IS NOT NULL
                  AND started_at + (options->>'deadline')::interval < now()
                ORDER BY id
                """, UUID.class);
        if (overdue.isEmpty()) {
            return;
        }
        counters.lockInOrder(overdue);
        for (UUID id : overdue) {
            jobs.lock(id).filter(job -> BatchStatusMachine.allows(job.status(), Action.FAIL))
                    .ifPresent(job -> end(id, Action.FAIL, TIMEOUT));
        }
    }

    /**
     * Ends a running batch. A failed batch's pending items are cancelled; items still out with a
     * worker finish and are recorded, but the batch stays failed.
     */
    public void end(UUID id, Action action, String reason) {
        BatchMdc.run(id, () -> {
            Instant now = Instant.now();
            BatchJob job = jobs.lock(id).orElseThrow();
            job.finish(action, reason, now);
            if (action == Action.FAIL) {
                counters.apply(id, CounterDelta.cancelledFromPending(items.cancelPending(id)));
            }
            BatchCounters.Counts counts = counters.counts(id);
            // the terminal stage comes right before batch.completed, and rides in the same row update
            stages.ended(job, counts, reason, now);
            jobs.flush();
            long durationMs = counts.startedAt() == null ? 0 : Duration.between(counts.startedAt(), now).toMillis();
            outbox.append(new BatchCompleted(UUID.randomUUID(), id, now, SchemaVersion.CURRENT, job.status(), reason,
                    counts.total(), counts.completed(), counts.failed(), counts.cancelled(), durationMs));
            log.info("Batch {} {}{}: {} completed, {} failed, {} cancelled of {} in {} ms", id, job.status().wire(),
                    reason == null ? "" : " (" + reason + ")", counts.completed(), counts.failed(), counts.cancelled(),
                    counts.total(), durationMs);
        });
    }

    private void pauseForFailures(UUID id) {
        BatchMdc.run(id, () -> {
            BatchJob job = jobs.lock(id).orElseThrow();
            job.pause(FAILURE_THRESHOLD);
            jobs.flush();
            outbox.append(new BatchPaused(UUID.randomUUID(), id, Instant.now(), SchemaVersion.CURRENT, null, null,
                    FAILURE_THRESHOLD));
            log.info("Batch {} paused: failure policy tripped", id);
        });
    }
}
