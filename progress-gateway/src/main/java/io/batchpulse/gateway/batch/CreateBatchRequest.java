package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.NewItem;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/batches}. Everything but processor and items is optional.
 * {@link CreateBatchValidator} checks it: the spec's constraints ({@link BatchSpec}), each item's
 * ({@link NewItem}) and the configurable limits.
 */
record CreateBatchRequest(
        String name,
        String processor,
        JsonNode config,
        BatchOptions options,
        String priority,
        List<NewItem> items,
        List<Callback> callbacks) {

    BatchSpec spec() {
        return new BatchSpec(name, processor, config, options, priority, callbacks);
    }
}
