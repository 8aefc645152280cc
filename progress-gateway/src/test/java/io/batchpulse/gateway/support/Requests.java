package io.batchpulse.gateway.support;

import io.batchpulse.events.json.EventJson;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Create-batch bodies for tests. */
public final class Requests {

    private Requests() {
    }

    public static ObjectNode simulated(int items) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", "Sweep NVDA/TSLA");
        body.put("processor", "simulated");
        body.putObject("config").put("latencyMs", 20).put("failureRate", 0.05).put("seed", 7);
        body.putObject("options").put("maxInFlight", 8).put("maxAttempts", 3).put("itemTimeout", "PT1M");
        ArrayNode list = body.putArray("items");
        for (int i = 0; i < items; i++) {
            list.addObject().put("label", "item " + i).putObject("payload").put("n", i);
        }
        return body;
    }

    public static String json(ObjectNode body) {
        return EventJson.mapper().writeValueAsString(body);
    }
}
