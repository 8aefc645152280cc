package io.batchpulse.gateway.upload;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.api.UnreadBody;
import io.batchpulse.gateway.api.Violations;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.upload.parse.ItemFormat;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;

/**
 * Resumable uploads with tus 1.0 core semantics: declare, append chunks at the server's offset,
 * ask for the offset after a lost connection, abandon. Only the owner sees an upload; for anyone
 * else, as for an unknown or expired id, it does not exist.
 */
@Service
public class Uploads {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    /** How long a chunk waits for another request on the same upload (e.g. a cut one still ending). */
    private static final Duration CHUNK_LOCK_WAIT = Duration.ofSeconds(10);

    private final UploadStore store;
    private final UploadLocks locks;
    private final Validator validator;
    private final GatewayProperties.Uploads settings;

    Uploads(UploadStore store, UploadLocks locks, Validator validator, GatewayProperties properties) {
        this.store = store;
        this.locks = locks;
        this.validator = validator;
        this.settings = properties.uploads();
    }

    Upload create(Caller caller, NewUpload request) {
        List<String> problems = Violations.describe(validator.validate(request));
        ItemFormat format = request.format() == null ? null : ItemFormat.fromWire(request.format()).orElse(null);
        if (format == null) {
            problems.add("format: must be jsonl or csv");
        }
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw ApiException.validation(problems);
        }
        if (request.size() > settings.maxFileSize().toBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The file is larger than the limit of " + settings.maxFileSize().toBytes() + " bytes",
                    List.of("size: must be at most " + settings.maxFileSize().toBytes()));
        }
        Upload upload = Upload.declared(UUID.randomUUID(), caller.subject(), request.fileName().strip(), format,
                request.size(), request.sha256() == null ? null : request.sha256().toLowerCase(Locale.ROOT),
                Instant.now());
        store.create(upload);
        log.info("Upload {} declared: {} ({} bytes, {})", upload.id(), upload.fileName(), upload.size(),
                format.wire());
        return upload;
    }

    /**
     * The caller's upload.
     *
     * @throws ApiException NOT_FOUND for an unknown, foreign or expired id
     */
    public Upload find(Caller caller, UUID id) {
        Upload upload = store.find(id).filter(found -> found.owner().equals(caller.subject()))
                .orElseThrow(() -> notFound(id));
        if (!upload.expiresAt(settings.expireAfter()).isAfter(Instant.now()) && upload.state() != UploadState.FEEDING) {
            throw notFound(id);
        }
        return upload;
    }

    /**
     * Appends a chunk at the server's offset and answers the new offset.
     *
     * @param contentLength the body's declared length, -1 if not declared (chunked transfer)
     */
    long append(Caller caller, UUID id, ChunkRange range, long contentLength, InputStream body) {
        find(caller, id);
        return locks.withLock(id, CHUNK_LOCK_WAIT, () -> appendLocked(caller, id, range, contentLength, body))
                .orElseThrow(() -> mismatch(store.offset(id), "another chunk of this upload is being written"));
    }

    private long appendLocked(Caller caller, UUID id, ChunkRange range, long contentLength, InputStream body) {
        Upload upload = find(caller, id);
        long offset = store.offset(id);
        if (upload.complete()) {
            throw mismatch(offset, "the upload is complete");
        }
        if (range.offset() != offset) {
            throw mismatch(offset, "the chunk starts at " + range.offset());
        }
        if (range.total() != null && range.total() != upload.size()) {
            throw ApiException.validation(List.of("Content-Range: the upload's size is " + upload.size()));
        }
        if (range.length() != null && contentLength >= 0 && range.length() != contentLength) {
            throw ApiException.validation(List.of("Content-Range: says " + range.length()
                    + " bytes but the body has " + contentLength));
        }
        long limit = Math.min(settings.maxChunkSize().toBytes(), upload.size() - offset);
        if (contentLength > limit) {
            UnreadBody.discard(body, contentLength, limit);
            throw tooLarge(upload, offset);
        }
        UploadStore.Written written;
        try {
            written = store.append(id, offset, body, limit, settings.chunkTimeLimit());
        } catch (UploadStore.TooLarge e) {
            UnreadBody.discard(body, -1, limit);
            throw tooLarge(upload, offset);
        }
        long now = offset + written.bytes();
        store.save(upload.written(now, written.bytes() > 0, Instant.now()));
        if (written.tooSlow()) {
            // the rest of a trickling body is not worth waiting for: the connection closes after the answer
            log.info("Upload {}: chunk at {} passed {} after {} bytes; kept, the offset is {}", id, offset,
                    settings.chunkTimeLimit(), written.bytes(), now);
            throw tooSlow(now);
        }
        if (written.cut() || (contentLength >= 0 && written.bytes() < contentLength)) {
            log.info("Upload {}: chunk broke off after {} bytes; the offset is {}", id, written.bytes(), now);
        } else if (now == upload.size()) {
            log.info("Upload {} complete: {} bytes", id, now);
        }
        return now;
    }

    void delete(Caller caller, UUID id) {
        find(caller, id);
        boolean deleted = locks.withLock(id, CHUNK_LOCK_WAIT, () -> {
            Upload upload = find(caller, id);
            if (upload.state() == UploadState.FEEDING) {
                throw new ApiException(ErrorCode.INVALID_TRANSITION,
                        "The upload is being fed into batch " + upload.batchId() + "; it goes once fed");
            }
            store.delete(id);
            return true;
        }).orElse(false);
        if (!deleted) {
            throw mismatch(store.offset(id), "a chunk of this upload is being written");
        }
        locks.forget(id);
        log.info("Upload {} deleted by its owner", id);
    }

    long offset(Upload upload) {
        return store.offset(upload.id());
    }

    UploadView view(Upload upload) {
        long offset = upload.state() == UploadState.UPLOADING || upload.state() == UploadState.COMPLETE
                ? store.offset(upload.id()) : upload.size();
        return new UploadView(upload.id(), upload.fileName(), upload.format().wire(), upload.size(), offset,
                upload.chunks(), settings.maxChunkSize().toBytes(), upload.createdAt(),
                upload.expiresAt(settings.expireAfter()), upload.state().wire(), upload.batchId());
    }

    Instant expiresAt(Upload upload) {
        return upload.expiresAt(settings.expireAfter());
    }

    private ApiException tooLarge(Upload upload, long offset) {
        long room = upload.size() - offset;
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A chunk may be at most "
                + Math.min(settings.maxChunkSize().toBytes(), room) + " bytes here",
                List.of("chunk: at most " + settings.maxChunkSize().toBytes() + " bytes, and " + room
                        + " bytes are left of the declared size"));
    }

    private ApiException tooSlow(long offset) {
        return new ApiException(ErrorCode.CHUNK_TOO_SLOW, "The chunk took longer than "
                + settings.chunkTimeLimit().toSeconds() + " s; what arrived is kept",
                List.of("chunk: must arrive within " + settings.chunkTimeLimit().toSeconds()
                        + " s; send the rest from offset " + offset))
                .withHeader(ChunkRange.UPLOAD_OFFSET, Long.toString(offset))
                .withHeader(HttpHeaders.CONNECTION, "close");
    }

    private static ApiException mismatch(long offset, String why) {
        return new ApiException(ErrorCode.OFFSET_MISMATCH, "The chunk does not start at the server's offset ("
                + why + ")", List.of("offset: the server has " + offset + " bytes"))
                .withHeader(ChunkRange.UPLOAD_OFFSET, Long.toString(offset));
    }

    private static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.NOT_FOUND, "No upload " + id);
    }
}
