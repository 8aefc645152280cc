package io.batchpulse.gateway.upload;

import java.time.Instant;
import java.util.UUID;

/**
 * An upload as the API shows it.
 *
 * @param offset       bytes received so far: where the next chunk starts
 * @param maxChunkSize the largest chunk a PATCH may carry
 * @param state        uploading, complete or batched
 */
record UploadView(
        UUID id,
        String fileName,
        String format,
        long size,
        long offset,
        int chunks,
        long maxChunkSize,
        Instant createdAt,
        Instant expiresAt,
        String state,
        UUID batchId) {
}
