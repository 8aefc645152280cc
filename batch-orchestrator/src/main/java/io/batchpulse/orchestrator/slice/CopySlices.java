package io.batchpulse.orchestrator.slice;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.BatchJob;
import io.batchpulse.orchestrator.batch.BatchJobs;
import io.batchpulse.orchestrator.batch.BatchStages;
import io.batchpulse.orchestrator.item.ItemStore;
import io.batchpulse.orchestrator.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills a batch created by "Run again" with its source's items, one slice per transaction on the
 * slicer thread, and seals it after the last slice (batch.started, as a seal command would). What
 * is left is read from the database ({@code copy_from}, the batch's highest index), so a restart
 * goes on where the last slice committed. Each slice holds the new batch's row lock, as every writer.
 */
@Component
public class CopySlices {

    private static final Logger log = LoggerFactory.getLogger(CopySlices.class);

    private final JdbcTemplate jdbc;
    private final ItemStore items;
    private final BatchCounters counters;
    private final BatchJobs jobs;
    private final BatchStages stages;
    private final Outbox outbox;
    private final int size;

    CopySlices(JdbcTemplate jdbc, ItemStore items, BatchCounters counters, BatchJobs jobs, BatchStages stages,
            Outbox outbox, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.items = items;
        this.counters = counters;
        this.jobs = jobs;
        this.stages = stages;
        this.outbox = outbox;
        this.size = properties.slices().size();
    }

    /** Marks a new batch (in the caller's transaction, which created it) to be filled from {@code sourceId}. */
    public void startCopy(UUID batchId, UUID sourceId) {
        jdbc.update("UPDATE batch_jobs SET copy_from = ? WHERE id = ?", sourceId, batchId);
    }

    /** Batches still being filled, in id order. */
    List<UUID> outstanding() {
        return jdbc.queryForList("SELECT id FROM batch_jobs WHERE copy_from IS NOT NULL ORDER BY id", UUID.class);
    }

    /** Locks the batch and copies its next slice, sealing it after the last; true while more are left. */
    boolean nextSlice(UUID batchId) {
        UUID source = jdbc.queryForList("SELECT copy_from FROM batch_jobs WHERE id = ? FOR UPDATE", UUID.class, batchId)
                .stream().findFirst().orElse(null);
        if (source == null) {
            return false;
        }
        int copied = items.copySlice(source, batchId, size);
        counters.addAppended(batchId, copied);
        if (copied == size) {
            return true;
        }
        jdbc.update("UPDATE batch_jobs SET copy_from = NULL WHERE id = ?", batchId);
        seal(batchId);
        return false;
    }

    private void seal(UUID batchId) {
        BatchJob job = jobs.lock(batchId).orElseThrow();
        if (job.status() != BatchStatus.CREATED) {
            return;
        }
        Instant now = Instant.now();
        job.seal(now);
        stages.sealed(job, now);
        jobs.flush();
        // no command waits for this one: the rerun was answered by batch.created
        outbox.append(new BatchStarted(UUID.randomUUID(), batchId, now, SchemaVersion.CURRENT, null, job.total()));
        log.info("Batch {} filled with {} items and started", batchId, job.total());
    }
}
