package io.batchpulse.deploy.ui;

import io.batchpulse.events.json.EventJson;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Create bodies of simulated batches for the UI tests (fixed seed: the same items fail each run). */
final class SimulatedBatch {

    private SimulatedBatch() {
    }

    static ObjectNode body(String name, int items, int latencyMs, double failureRate, int maxInFlight, int maxAttempts) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", name);
        body.put("processor", "simulated");
        body.putObject("config").put("latencyMs", latencyMs).put("latencyJitterMs", latencyMs / 4)
                .put("failureRate", failureRate).put("seed", 7);
        body.putObject("options").put("maxInFlight", maxInFlight).put("maxAttempts", maxAttempts);
        ArrayNode list = body.putArray("items");
        String[] symbols = {"NVDA", "TSLA", "AAPL", "MSFT", "AMZN"};
        for (int i = 0; i < items; i++) {
            list.addObject().put("label", symbols[i % symbols.length] + " beta=" + (1 + i % 7) / 2.0)
                    .putObject("payload").put("symbol", symbols[i % symbols.length]).put("n", i);
        }
        return body;
    }
}
