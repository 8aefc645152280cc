package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.events.model.BatchOptions;
import tools.jackson.databind.JsonNode;

/** What every dispatch record of a batch carries besides the item itself. Fixed at creation. */
record DispatchTarget(String processor, JsonNode config, BatchOptions options) {
}
