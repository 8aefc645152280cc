package io.batchpulse.bench;

import io.batchpulse.events.ItemIds;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.NewItem;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One benchmark batch of {@code simulated} items that never fail (so counts are exact and no
 * retry muddies a timing): the REST body for small batches, the options and items for batches
 * written straight to batch-commands.
 *
 * @param latencyJitterMs each item takes latencyMs ± up to this, drawn uniformly per item
 * @param slowRate        the share of items that take slowLatencyMs instead (a long tail)
 * @param itemsPerSecond  the batch's dispatch rate limit, null for none
 */
record BatchSpec(String name, int items, int latencyMs, int latencyJitterMs, double slowRate, int slowLatencyMs,
        int maxInFlight, Double itemsPerSecond) {

    /** Items that all take the same time. */
    BatchSpec(String name, int items, int latencyMs, int maxInFlight, Double itemsPerSecond) {
        this(name, items, latencyMs, 0, 0, 0, maxInFlight, itemsPerSecond);
    }

    static final String PROCESSOR = "simulated";

    JsonNode config() {
        ObjectNode config = EventJson.mapper().createObjectNode().put("latencyMs", latencyMs)
                .put("latencyJitterMs", latencyJitterMs).put("failureRate", 0.0).put("seed", 1);
        if (slowRate > 0) { // left out otherwise: the dispatch records stay the size earlier runs had
            config.put("slowRate", slowRate).put("slowLatencyMs", slowLatencyMs);
        }
        return config;
    }

    BatchOptions options() {
        return new BatchOptions(maxInFlight, 1, Duration.ofMinutes(10), itemsPerSecond, null, null).withDefaults();
    }

    static NewItem item(long index) {
        ObjectNode payload = EventJson.mapper().createObjectNode().put("n", index).put("symbol", "NVDA")
                .put("beta", 1.5);
        return new NewItem("bench item " + index, payload);
    }

    /** The body of POST /api/v1/batches (at most the gateway's per-request item limit). */
    ObjectNode restBody() {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", name);
        body.put("processor", PROCESSOR);
        body.set("config", config());
        ObjectNode options = body.putObject("options").put("maxInFlight", maxInFlight).put("maxAttempts", 1);
        if (itemsPerSecond != null) {
            options.put("itemsPerSecond", itemsPerSecond);
        }
        ArrayNode array = body.putArray("items");
        for (int i = 0; i < items; i++) {
            NewItem item = item(i);
            array.addObject().put("label", item.label()).set("payload", item.payload());
        }
        return body;
    }

    /** Bytes of one item-dispatch record of this batch: the size the raw Kafka baseline sends. */
    int dispatchRecordBytes() {
        UUID batchId = UUID.randomUUID();
        NewItem item = item(12_345);
        ItemDispatch dispatch = new ItemDispatch(UUID.randomUUID(), batchId, ItemIds.of(batchId, 12_345), 12_345, 1,
                1, PROCESSOR, config(), item.label(), item.payload(), Instant.now(), Duration.ofMinutes(10),
                SchemaVersion.CURRENT);
        try (ItemDispatchSerde serde = new ItemDispatchSerde()) {
            return serde.serialize("size", dispatch).length;
        }
    }
}
