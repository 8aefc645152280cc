package io.batchpulse.orchestrator.db;

import io.batchpulse.events.json.EventJson;
import tools.jackson.databind.JsonNode;

/** JSON columns are written and read as text with the contract's mapper. */
public final class JsonText {

    private JsonText() {
    }

    public static String write(Object value) {
        return value == null ? null : EventJson.mapper().writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return json == null ? null : EventJson.mapper().readValue(json, type);
    }

    public static JsonNode tree(String json) {
        return json == null ? null : EventJson.mapper().readTree(json);
    }
}
