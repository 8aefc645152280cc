package io.batchpulse.gateway.upload.batch;

import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.Requester;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.batch.BatchDetails;
import io.batchpulse.gateway.batch.BatchQueries;
import io.batchpulse.gateway.batch.BatchSpec;
import io.batchpulse.gateway.batch.CreateBatchValidator;
import io.batchpulse.gateway.batch.NewBatchRequest;
import io.batchpulse.gateway.command.CommandBus;
import io.batchpulse.gateway.upload.Upload;
import io.batchpulse.gateway.upload.UploadLocks;
import io.batchpulse.gateway.upload.UploadStore;
import io.batchpulse.gateway.upload.Uploads;
import io.batchpulse.gateway.upload.parse.FileFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Makes a batch of a complete upload. Checks everything before writing anything: the spec by the
 * JSON create's rules, then one pass over the file (bad lines, item count, SHA-256). Then it sends
 * the create carrying the file's {@link FileSource}, answers once the orchestrator confirmed it
 * (batch.created), and leaves the items to {@link UploadFeeder} in the background. An upload makes
 * one batch: asked again, it answers with that batch.
 */
@Service
class UploadBatches {

    private static final Logger log = LoggerFactory.getLogger(UploadBatches.class);
    /** A second request for the same upload waits for the first to finish its pass over the file. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    private final Uploads uploads;
    private final UploadStore store;
    private final UploadLocks locks;
    private final UploadItems items;
    private final UploadFeeder feeder;
    private final CreateBatchValidator validator;
    private final CommandBus commands;
    private final BatchQueries queries;
    private final long maxItems;

    UploadBatches(Uploads uploads, UploadStore store, UploadLocks locks, UploadItems items, UploadFeeder feeder,
            CreateBatchValidator validator, CommandBus commands, BatchQueries queries, GatewayProperties properties) {
        this.uploads = uploads;
        this.store = store;
        this.locks = locks;
        this.items = items;
        this.feeder = feeder;
        this.validator = validator;
        this.commands = commands;
        this.queries = queries;
        this.maxItems = properties.uploads().maxItems();
    }

    /** The batch, and whether this request made it (false: the upload had been made into it before). */
    record Outcome(BatchDetails batch, boolean created) {
    }

    Outcome create(Caller caller, UUID uploadId, UploadBatchRequest request) {
        uploads.find(caller, uploadId);
        return locks.withLock(uploadId, LOCK_WAIT, () -> createLocked(caller, uploadId, request))
                .orElseThrow(() -> new ApiException(ErrorCode.UNAVAILABLE,
                        "The upload is busy with another request; try again"));
    }

    private Outcome createLocked(Caller caller, UUID uploadId, UploadBatchRequest request) {
        Upload upload = uploads.find(caller, uploadId);
        if (upload.batchId() != null) {
            return new Outcome(queries.details(caller, upload.batchId()), false);
        }
        if (!upload.complete()) {
            throw new ApiException(ErrorCode.UPLOAD_INCOMPLETE, "The upload is not complete",
                    List.of("offset: the server has " + store.offset(uploadId) + " of " + upload.size() + " bytes"));
        }
        BatchSpec spec = request.spec();
        validator.checkSpec(spec);
        FileScan scan = scan(upload);
        refuseUnless(upload, scan, request.skipInvalid());
        UUID batchId = UUID.randomUUID();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", batchId.toString())) {
            return new Outcome(send(caller.requester(), upload, spec, scan, request.skipInvalid(), batchId), true);
        }
    }

    private FileScan scan(Upload upload) {
        try {
            return items.scan(upload);
        } catch (FileFormatException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "The file cannot be read as " + upload.format().wire() + "; nothing was created",
                    List.of("line " + e.line() + ": " + e.getMessage()));
        }
    }

    private void refuseUnless(Upload upload, FileScan scan, boolean skipInvalid) {
        if (upload.sha256() != null && !upload.sha256().equals(scan.sha256())) {
            throw ApiException.validation(List.of("sha256: the file's SHA-256 is " + scan.sha256()
                    + ", not the declared " + upload.sha256()));
        }
        if (scan.badLines() > 0 && !skipInvalid) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, number(scan.badLines()) + " of "
                    + number(scan.lines()) + " lines are not valid items; nothing was created",
                    scan.sample().stream().map(bad -> "line " + bad.line() + ": " + bad.reason()).toList());
        }
        if (scan.items() > maxItems) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file holds " + number(scan.items())
                    + " items; at most " + number(maxItems) + " make a batch", List.of("items: at most " + maxItems));
        }
        if (scan.items() == 0) {
            throw ApiException.validation(List.of("items: the file holds no valid item"));
        }
    }

    private BatchDetails send(Requester requester, Upload upload, BatchSpec spec, FileScan scan, boolean skipInvalid,
            UUID batchId) {
        FileSource source = new FileSource(upload.id(), upload.fileName(), upload.format().wire(), upload.size(),
                upload.chunks(), upload.createdAt(), upload.completedAt(), scan.items(),
                skipInvalid ? scan.badLines() : 0, skipInvalid ? scan.sample() : List.of());
        CreateBatch create = spec.createCommand(batchId, requester, Instant.now(), source);
        commands.request(NewBatchRequest.of(List.of(create), create.commandId()), BatchCreated.class);
        Upload feeding = upload.feeding(batchId, requester, scan.items(), Instant.now());
        store.save(feeding);
        log.info("Batch created from upload {} ({} items, {} bad lines skipped); feeding it", upload.id(),
                scan.items(), source.invalidLines());
        feeder.feed(feeding);
        // 201 body: read back as GET reads it; stored before its outcome is published, so the read cannot race it
        return queries.created(batchId);
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
