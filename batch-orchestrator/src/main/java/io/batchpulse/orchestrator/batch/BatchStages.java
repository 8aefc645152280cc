package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchStage;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves batches through their {@link Stage}s: writes each batch.stage event to the outbox in the
 * transaction of the change it reports (so it is relayed in order with the batch's other events)
 * and keeps the stage column in step. Callers hold the batch row lock. A batch whose stage is
 * null after its seal was sealed before stages existed and gets no stage events.
 */
@Component
public class BatchStages {

    /** A running batch right after a dispatch tick claimed some of its items. */
    public record Dispatched(UUID batchId, Stage stage, long total, long pendingLeft, long inFlight) {
    }

    private static final Logger log = LoggerFactory.getLogger(BatchStages.class);

    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    public BatchStages(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /**
     * A batch created from a file was uploading since the upload started and is parsing now; a
     * JSON batch has no stage until its seal. Call after batch.created and before the job is stored.
     */
    public void created(BatchJob job, FileSource source, Instant now) {
        if (source == null) {
            return;
        }
        Instant uploadStarted = source.uploadStartedAt() == null ? now : source.uploadStartedAt();
        job.enter(Stage.PARSING);
        outbox.appendAll(List.of(
                event(job.id(), uploadStarted, Stage.UPLOADING, StageMessages.uploaded(source), 100.0),
                event(job.id(), now, Stage.PARSING, StageMessages.parsing(source.items()), 0.0)));
    }

    /**
     * Items of a file arrived (parsed count {@code before} → {@code before + inserted}): reports
     * progress each time they cross another 5 % of the file's items. A JSON batch costs nothing here.
     */
    public void parsed(BatchJob job, long before, long inserted) {
        if (inserted <= 0 || job.stage() != Stage.PARSING) {
            return;
        }
        long items = job.source().items();
        long after = before + inserted;
        StageMessages.parsedPercentage(before, after, items).ifPresent(percentage -> outbox.append(
                event(job.id(), Instant.now(), Stage.PARSING, StageMessages.parsed(after, items), percentage)));
    }

    /** Sealed: every batch, from a file or not, is queued now. */
    public void sealed(BatchJob job, Instant now) {
        enter(job, now, Stage.QUEUED, StageMessages.queued(job.total()));
    }

    /**
     * After a dispatch tick's claim: a queued batch whose first items just left is processing; a
     * processing batch with nothing pending any more is finalizing (once; items that come back
     * from an expired lease do not move it back). Only batches in these two stages need a look, and
     * the tick already read everything needed under its row locks: no statement unless a stage moves.
     *
     * @return whether any batch moved, so the caller can relay the events before the items leave
     */
    public boolean dispatched(Collection<Dispatched> batches) {
        Instant now = Instant.now();
        List<BatchStage> events = new ArrayList<>();
        Map<UUID, Stage> moved = new TreeMap<>();
        for (Dispatched batch : batches) {
            Stage stage = batch.stage();
            if (stage == Stage.QUEUED) {
                stage = Stage.PROCESSING;
                events.add(event(batch.batchId(), now, stage, StageMessages.processing(batch.total()), null));
            }
            if (stage == Stage.PROCESSING && batch.pendingLeft() == 0) {
                stage = Stage.FINALIZING;
                events.add(event(batch.batchId(), now, stage, StageMessages.finishing(batch.inFlight()), null));
            }
            if (stage != batch.stage()) {
                moved.put(batch.batchId(), stage);
            }
        }
        if (moved.isEmpty()) {
            return false;
        }
        jdbc.update("""
                UPDATE batch_jobs b SET stage = m.stage
                FROM unnest(?::uuid[], ?::text[]) AS m(id, stage)
                WHERE b.id = m.id
                """, SqlArrays.uuids(moved.keySet()), moved.values().stream().map(Stage::wire).toArray(String[]::new));
        outbox.appendAll(events);
        return true;
    }

    /** Cancelled (from running or paused). Call before batch.cancelled. */
    public void cancelled(BatchJob job, String by, long cancelledItems, Instant now) {
        if (job.stage() != null) {
            enter(job, now, Stage.CANCELLED, StageMessages.cancelled(by, cancelledItems));
        }
    }

    /** retry-failed takes the batch back to processing. Call before batch.retried. */
    public void retried(BatchJob job, long requeued, Instant now) {
        if (job.stage() != null) {
            enter(job, now, Stage.PROCESSING, StageMessages.retrying(requeued));
        }
    }

    /**
     * The batch just ended with these counts: completed (finalizing first if it completes without
     * having been there, e.g. nothing was in flight when the last pending item went) or failed.
     * Call before batch.completed.
     */
    public void ended(BatchJob job, BatchCounters.Counts counts, String reason, Instant now) {
        if (job.stage() == null) {
            return;
        }
        if (job.status() == BatchStatus.FAILED) {
            enter(job, now, Stage.FAILED, StageMessages.failed(reason, counts));
            return;
        }
        if (job.stage() != Stage.FINALIZING) {
            enter(job, now, Stage.FINALIZING, StageMessages.finishing(counts.inFlight()));
        }
        enter(job, now, Stage.COMPLETED, StageMessages.completed(counts));
    }

    private void enter(BatchJob job, Instant now, Stage stage, String message) {
        job.enter(stage);
        outbox.append(event(job.id(), now, stage, message, null));
    }

    private static BatchStage event(UUID batchId, Instant at, Stage stage, String message, Double percentage) {
        log.debug("Batch {} stage {}: {}", batchId, stage.wire(), message);
        return new BatchStage(UUID.randomUUID(), batchId, at, SchemaVersion.CURRENT, stage.wire(), message,
                percentage);
    }
}
