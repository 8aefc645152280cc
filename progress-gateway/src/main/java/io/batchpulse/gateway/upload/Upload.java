package io.batchpulse.gateway.upload;

import io.batchpulse.events.model.Requester;
import io.batchpulse.gateway.upload.parse.ItemFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An upload's metadata, kept as a small JSON file next to its data so it survives a restart. The
 * offset is not here: it is the data file's length, which is what was written.
 *
 * @param size           the declared size in bytes
 * @param sha256         the declared SHA-256 (hex), checked before a batch is made; null if none
 * @param chunks         how many PATCH requests wrote bytes
 * @param lastActivityAt creation or the last chunk; expiry counts from here
 * @param completedAt    when the last byte arrived
 * @param batchId        the batch made from it (feeding, batched)
 * @param requestedBy    who made the batch, named on its commands (feeding again after a restart)
 * @param items          the good items the batch gets
 */
public record Upload(
        UUID id,
        String owner,
        String fileName,
        ItemFormat format,
        long size,
        String sha256,
        int chunks,
        Instant createdAt,
        Instant lastActivityAt,
        Instant completedAt,
        UploadState state,
        UUID batchId,
        Requester requestedBy,
        long items) {

    static Upload declared(UUID id, String owner, String fileName, ItemFormat format, long size, String sha256,
            Instant now) {
        return new Upload(id, owner, fileName, format, size, sha256, 0, now, now, null, UploadState.UPLOADING, null,
                null, 0);
    }

    /** After a chunk: {@code offset} bytes are there now. */
    Upload written(long offset, boolean wroteBytes, Instant now) {
        boolean complete = offset == size;
        return new Upload(id, owner, fileName, format, size, sha256, wroteBytes ? chunks + 1 : chunks, createdAt, now,
                complete ? now : completedAt, complete ? UploadState.COMPLETE : state, batchId, requestedBy, items);
    }

    public Upload feeding(UUID batch, Requester requester, long goodItems, Instant now) {
        return new Upload(id, owner, fileName, format, size, sha256, chunks, createdAt, now, completedAt,
                UploadState.FEEDING, batch, requester, goodItems);
    }

    public Upload batched(Instant now) {
        return new Upload(id, owner, fileName, format, size, sha256, chunks, createdAt, now, completedAt,
                UploadState.BATCHED, batchId, requestedBy, items);
    }

    public Instant expiresAt(Duration expireAfter) {
        return lastActivityAt.plus(expireAfter);
    }

    public boolean complete() {
        return state != UploadState.UPLOADING;
    }
}
