package io.batchpulse.gateway.upload;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Where an upload is: bytes still arriving; all there; being fed into its batch (append-items,
 * then seal, in the background); fed. A gateway that starts finds uploads left in feeding and
 * feeds them again from the start (append-items are idempotent by index).
 */
public enum UploadState {
    @JsonProperty("uploading")
    UPLOADING,
    @JsonProperty("complete")
    COMPLETE,
    @JsonProperty("feeding")
    FEEDING,
    @JsonProperty("batched")
    BATCHED;

    /** The state the API shows: the batch exists from feeding on, so feeding shows as batched. */
    String wire() {
        return this == FEEDING ? "batched" : name().toLowerCase(Locale.ROOT);
    }
}
