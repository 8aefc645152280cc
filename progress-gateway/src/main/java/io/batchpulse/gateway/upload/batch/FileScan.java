package io.batchpulse.gateway.upload.batch;

import io.batchpulse.events.model.FileSource.LineError;
import java.util.List;

/**
 * What a first pass over an uploaded file found, before anything is written to Kafka.
 *
 * @param items    good items
 * @param badLines lines that are not valid items
 * @param sample   the first bad lines (at most {@link io.batchpulse.events.model.FileSource#MAX_SAMPLE})
 * @param sha256   the file's SHA-256 in hex
 */
record FileScan(long items, long badLines, List<LineError> sample, String sha256) {

    long lines() {
        return items + badLines;
    }
}
