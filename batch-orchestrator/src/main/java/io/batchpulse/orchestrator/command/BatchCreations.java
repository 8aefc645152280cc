package io.batchpulse.orchestrator.command;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.Callback;
import io.batchpulse.orchestrator.batch.BatchJob;
import io.batchpulse.orchestrator.batch.BatchJobs;
import io.batchpulse.orchestrator.batch.BatchStages;
import io.batchpulse.orchestrator.callback.CallbackStore;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import io.batchpulse.orchestrator.slice.CopySlices;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The two commands that make a batch: create (its items follow as append-items) and rerun ("Run
 * again": a new batch with another's items, settings, processor and callbacks, owned by the same
 * owner; this transaction creates it and copies its callbacks, the slicer copies the items, however
 * many, and seals it, see {@link CopySlices}). Both answer with batch.created.
 */
@Component
class BatchCreations {

    private static final Logger log = LoggerFactory.getLogger(BatchCreations.class);

    private record Source(String name, String owner, String processor, String config, String options,
            boolean sealed, String status) {
    }

    private final JdbcTemplate jdbc;
    private final BatchJobs jobs;
    private final BatchStages stages;
    private final CallbackStore callbacks;
    private final CopySlices copies;
    private final Outbox outbox;
    private final BatchOwnership ownership;

    BatchCreations(JdbcTemplate jdbc, BatchJobs jobs, BatchStages stages, CallbackStore callbacks, CopySlices copies,
            Outbox outbox, BatchOwnership ownership) {
        this.ownership = ownership;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.stages = stages;
        this.callbacks = callbacks;
        this.copies = copies;
        this.outbox = outbox;
    }

    void create(CreateBatch command) {
        List<Callback> callbackList = command.callbacks() == null ? List.of() : command.callbacks();
        List<String> refused = callbacks.refusals(callbackList);
        if (!refused.isEmpty()) {
            throw CommandRejectedException.validation("a callback URL names a host callbacks may not reach", refused);
        }
        BatchOptions options = command.options() == null ? BatchOptions.defaults() : command.options().withDefaults();
        String owner = command.requestedBy().subject();
        insert(command, new BatchCreated(UUID.randomUUID(), command.batchId(), Instant.now(), SchemaVersion.CURRENT,
                command.commandId(), command.name(), owner, command.processor(), command.config(), options,
                command.source()));
        callbacks.save(command.batchId(), callbackList);
        log.info("Batch {} created by {}: '{}', processor {}{}", command.batchId(), owner, command.name(),
                command.processor(), command.source() == null ? "" : ", from file " + command.source().fileName());
    }

    void rerun(RerunBatch command) {
        Source source = source(command);
        insert(command, new BatchCreated(UUID.randomUUID(), command.batchId(), Instant.now(), SchemaVersion.CURRENT,
                command.commandId(), source.name(), source.owner(), source.processor(), JsonText.tree(source.config()),
                JsonText.read(source.options(), BatchOptions.class), null));
        callbacks.copy(command.sourceBatchId(), command.batchId());
        copies.startCopy(command.batchId(), command.sourceBatchId());
        log.info("Batch {} created by {} to run batch {} again", command.batchId(), command.requestedBy().subject(),
                command.sourceBatchId());
    }

    /** Writes the batch as {@code created} says it is, with created first in the outbox. */
    private void insert(BatchCommand command, BatchCreated created) {
        if (jobs.exists(command.batchId())) {
            throw CommandRejectedException.validation("batch " + command.batchId() + " already exists",
                    List.of("batchId: already exists"));
        }
        BatchJob job = new BatchJob(created.batchId(), created.name(), created.owner(), created.processor(),
                JsonText.write(created.config()), JsonText.write(created.options()), JsonText.write(created.source()),
                created.occurredAt());
        outbox.append(created);
        // after batch.created, before the row is written, so the insert already carries the stage
        stages.created(job, created.source(), created.occurredAt());
        ownership.key(job);
        jobs.create(job);
        outbox.keepTrace(job.id());
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
            // the answer for a batch that is not there: no one learns which ids exist
            throw new CommandRejectedException(CommandRejectedException.NOT_FOUND,
                    "batch " + command.sourceBatchId() + " not found", null,
                    List.of("sourceBatchId: " + command.sourceBatchId()));
        }
        if (!source.sealed()) {
            throw new CommandRejectedException(CommandRejectedException.INVALID_TRANSITION, "batch "
                    + command.sourceBatchId() + " is still receiving its items; it can run again once they are all in",
                    BatchStatus.fromWire(source.status()), List.of());
        }
        return source;
    }
}
