package io.batchpulse.events.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a batch's items came from when it was created from an uploaded file. Carried by the
 * create command and batch.created, kept with the batch, so the upload stage and the report of
 * skipped lines outlive the upload itself.
 *
 * @param format            {@code jsonl} or {@code csv}
 * @param chunks            how many chunks the upload took
 * @param uploadStartedAt   when the upload was declared; the uploading stage starts here
 * @param uploadFinishedAt  when its last byte arrived
 * @param items             the good items the file holds: what the batch's total will be
 * @param invalidLines      lines skipped because they were not valid items (option skipInvalid), else 0
 * @param invalidLineSample the first of those (at most 100), each with its line number and reason
 */
public record FileSource(
        UUID uploadId,
        @NotBlank @Size(max = 500) String fileName,
        @NotBlank @Size(max = 16) String format,
        @Min(0) long sizeBytes,
        @Min(0) int chunks,
        Instant uploadStartedAt,
        Instant uploadFinishedAt,
        @Min(0) long items,
        @Min(0) long invalidLines,
        @Size(max = 100) List<@Valid LineError> invalidLineSample) {

    public static final int MAX_SAMPLE = 100;

    public FileSource {
        invalidLineSample = invalidLineSample == null ? List.of() : List.copyOf(invalidLineSample);
    }

    /** One line of an uploaded file that is not a valid item. */
    public record LineError(@Min(1) long line, @Size(max = 500) String reason) {
    }
}
