package io.batchpulse.worker.support;

import io.batchpulse.events.ItemIds;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Item-dispatch records as the orchestrator would write them. */
public final class Dispatches {

    private Dispatches() {
    }

    public static ItemDispatch dispatch(UUID batchId, int attempt, int maxAttempts, String processor, String config) {
        return dispatch(batchId, 0, attempt, maxAttempts, processor, config, "{\"n\":1}");
    }

    public static ItemDispatch dispatch(UUID batchId, long index, int attempt, int maxAttempts, String processor,
            String config, String payload) {
        return new ItemDispatch(UUID.randomUUID(), batchId, ItemIds.of(batchId, index),
                index, attempt, maxAttempts, processor, json(config), "item " + index, json(payload), Instant.now(),
                Duration.ofMinutes(5), SchemaVersion.CURRENT);
    }

    public static ItemDispatch withSchemaVersion(ItemDispatch d, int schemaVersion) {
        return new ItemDispatch(d.dispatchId(), d.batchId(), d.itemId(), d.index(), d.attempt(), d.maxAttempts(),
                d.processor(), d.config(), d.label(), d.payload(), d.dispatchedAt(), d.itemTimeout(), schemaVersion);
    }

    public static JsonNode json(String text) {
        return text == null ? null : EventJson.mapper().readTree(text);
    }
}
