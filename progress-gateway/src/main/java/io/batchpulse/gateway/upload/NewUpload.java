package io.batchpulse.gateway.upload;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/uploads}: the file about to be sent.
 *
 * @param size   its exact size in bytes
 * @param format {@code jsonl} or {@code csv}
 * @param sha256 optional: the file's SHA-256 in hex, checked before a batch is made of it
 */
record NewUpload(
        @NotBlank @Size(max = 500) String fileName,
        @NotNull @Min(1) Long size,
        String format,
        @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hexadecimal digits") String sha256) {
}
