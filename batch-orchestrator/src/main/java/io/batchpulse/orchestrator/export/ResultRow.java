package io.batchpulse.orchestrator.export;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One exported item, in the order of its JSONL fields and CSV columns. {@code result} and
 * {@code error} are the stored jsonb as text, written into the JSONL line as they are, so no row is
 * parsed into a tree and built again; CSV takes the error apart into the columns PostgreSQL
 * extracted ({@code errorCode}, {@code errorMessage}, {@code errorDetails}).
 */
record ResultRow(long index, String label, String status, int attempt, Double score,
        @JsonRawValue String result, @JsonRawValue String error,
        @JsonIgnore String errorCode, @JsonIgnore String errorMessage, @JsonIgnore String errorDetails,
        Instant startedAt, Instant finishedAt, Long durationMs, String workerId) {
}
