package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.events.model.BatchOptions;
import tools.jackson.databind.JsonNode;

/**
 * What every dispatch record of a batch carries besides the item itself. Fixed at creation.
 * {@code traceparent}: the trace of the command that created the batch, which its records continue; may be null.
 */
record DispatchTarget(String processor, JsonNode config, BatchOptions options, String traceparent) {
}
