package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.NewItem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/batches}. Everything but processor and items is optional; options
 * and items carry the contract's own constraints. The item count limit is configurable, so
 * {@link CreateBatchValidator} checks it.
 */
record CreateBatchRequest(
        @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String processor,
        JsonNode config,
        @Valid BatchOptions options,
        List<@Valid NewItem> items) {
}
