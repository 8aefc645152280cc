package io.batchpulse.gateway.upload.batch;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.Callback;
import io.batchpulse.gateway.batch.BatchSpec;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/uploads/{id}/batch}: the batch as the JSON create describes it,
 * without items (they come from the file).
 *
 * @param skipInvalid make the batch of the good lines and report the bad ones, instead of refusing the file
 */
record UploadBatchRequest(
        String name,
        String processor,
        JsonNode config,
        BatchOptions options,
        String priority,
        boolean skipInvalid,
        List<Callback> callbacks) {

    BatchSpec spec() {
        return new BatchSpec(name, processor, config, options, priority, callbacks);
    }
}
