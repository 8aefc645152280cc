package io.batchpulse.orchestrator.command;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.batch.BatchJob;
import io.batchpulse.orchestrator.batch.BatchJobs;
import io.batchpulse.orchestrator.batch.BatchStages;
import io.batchpulse.orchestrator.callback.CallbackStore;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.batchpulse.orchestrator.slice.CopySlices;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * "Run again": a new batch with another's items, settings, processor and callbacks, owned by the
 * same owner. This transaction creates it (batch.created answers the command) and copies its
 * callbacks; the slicer copies the items, however many, and seals it ({@link CopySlices}).
 */
@Component
class Reruns {

    private static final Logger log = LoggerFactory.getLogger(Reruns.class);

    private record Source(String name, String owner, String processor, String config, String options,
            boolean sealed, String status) {
    }

    private final JdbcTemplate jdbc;
    private final BatchJobs jobs;
    private final BatchStages stages;
    private final CallbackStore callbacks;
    private final CopySlices copies;
    private final Outbox outbox;

    Reruns(JdbcTemplate jdbc, BatchJobs jobs, BatchStages stages, CallbackStore callbacks, CopySlices copies,
            Outbox outbox) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.stages = stages;
        this.callbacks = callbacks;
        this.copies = copies;
        this.outbox = outbox;
    }

    void rerun(RerunBatch command) {
        Source source = source(command);
        if (jobs.exists(command.batchId())) {
            throw CommandRejectedException.validation("batch " + command.batchId() + " already exists",
                    List.of("batchId: already exists"));
        }
        Instant now = Instant.now();
        BatchOptions options = JsonText.read(source.options(), BatchOptions.class);
        BatchJob job = new BatchJob(command.batchId(), source.name(), source.owner(), source.processor(),
                source.config(), source.options(), null, now);
        outbox.append(new BatchCreated(UUID.randomUUID(), command.batchId(), now, SchemaVersion.CURRENT,
                command.commandId(), source.name(), source.owner(), source.processor(), JsonText.tree(source.config()),
                options, null));
        stages.created(job, null, now);
        jobs.create(job);
        callbacks.copy(command.sourceBatchId(), command.batchId());
        copies.startCopy(command.batchId(), command.sourceBatchId());
        log.info("Batch {} created by {} to run batch {} again", command.batchId(), command.requestedBy().subject(),
                command.sourceBatchId());
    }

    /** The batch to run again, if it exists, the requester may control it and its items are all known. */
    private Source source(RerunBatch command) {
        Source source = jdbc.query("""
                SELECT name, owner, processor, config, options, sealed, status FROM batch_jobs WHERE id = ?
                """, (rs, n) -> new Source(rs.getString("name"), rs.getString("owner"), rs.getString("processor"),
                rs.getString("config"), rs.getString("options"), rs.getBoolean("sealed"), rs.getString("status")),
                command.sourceBatchId()).stream().findFirst().orElseThrow(() -> new CommandRejectedException(
                        CommandRejectedException.NOT_FOUND, "batch " + command.sourceBatchId() + " not found", null,
                        List.of("sourceBatchId: " + command.sourceBatchId())));
        if (!command.requestedBy().mayControl(source.owner())) {
            throw new CommandRejectedException(CommandRejectedException.FORBIDDEN,
                    command.requestedBy().subject() + " may not run batch " + command.sourceBatchId() + " again", null,
                    List.of());
        }
        if (!source.sealed()) {
            throw new CommandRejectedException(CommandRejectedException.INVALID_TRANSITION, "batch "
                    + command.sourceBatchId() + " is still receiving its items; it can run again once they are all in",
                    BatchStatus.fromWire(source.status()), List.of());
        }
        return source;
    }
}
