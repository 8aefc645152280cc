package io.batchpulse.gateway.upload;

import io.batchpulse.gateway.api.ApiException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a chunk goes, from {@code Upload-Offset: N} (tus) or {@code Content-Range: bytes N-M/SIZE}
 * (SIZE may be {@code *}).
 *
 * @param length the chunk's length as Content-Range states it, else null
 * @param total  the file's size as Content-Range states it, else null
 */
record ChunkRange(long offset, Long length, Long total) {

    static final String UPLOAD_OFFSET = "Upload-Offset";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    /** @throws ApiException VALIDATION_FAILED when neither header is usable or they disagree */
    static ChunkRange of(String uploadOffset, String contentRange) {
        ChunkRange fromOffset = uploadOffset == null ? null : fromUploadOffset(uploadOffset.strip());
        ChunkRange fromRange = contentRange == null ? null : fromContentRange(contentRange.strip());
        if (fromOffset == null && fromRange == null) {
            throw invalid("Upload-Offset: is required (or Content-Range: bytes N-M/SIZE)");
        }
        if (fromOffset != null && fromRange != null && fromOffset.offset() != fromRange.offset()) {
            throw invalid("Content-Range: starts at " + fromRange.offset() + " but Upload-Offset says "
                    + fromOffset.offset());
        }
        return fromRange != null ? fromRange : fromOffset;
    }

    private static ChunkRange fromUploadOffset(String value) {
        try {
            long offset = Long.parseLong(value);
            if (offset >= 0) {
                return new ChunkRange(offset, null, null);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("Upload-Offset: must be a non-negative integer");
    }

    private static ChunkRange fromContentRange(String value) {
        Matcher matcher = CONTENT_RANGE.matcher(value);
        if (!matcher.matches()) {
            throw invalid("Content-Range: must be bytes N-M/SIZE");
        }
        long first = Long.parseLong(matcher.group(1));
        long last = Long.parseLong(matcher.group(2));
        Long total = "*".equals(matcher.group(3)) ? null : Long.valueOf(matcher.group(3));
        if (last < first || (total != null && last >= total)) {
            throw invalid("Content-Range: must be bytes N-M/SIZE with N <= M < SIZE");
        }
        return new ChunkRange(first, last - first + 1, total);
    }

    private static ApiException invalid(String detail) {
        return ApiException.validation(List.of(detail));
    }
}
