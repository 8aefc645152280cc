package io.batchpulse.deploy;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Submits the demo batch through the public API, the way a user's first curl would. */
final class DemoBatch {

    static final int ITEMS = 500;
    private static final String[] SYMBOLS = {"NVDA", "TSLA", "AAPL", "MSFT", "AMZN"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;

    DemoBatch(URI gateway) {
        this.gateway = gateway;
    }

    /** Returns the id of the created batch. */
    UUID submit() {
        String token = get("/api/v1/dev/token?sub=demo").path("data").path("token").asString();
        JsonNode created = post("/api/v1/batches", token, body());
        return UUID.fromString(created.path("data").path("id").asString());
    }

    private static ObjectNode body() {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", "Demo: back-test sweep of " + ITEMS + " parameter sets");
        body.put("processor", "simulated");
        body.putObject("config").put("latencyMs", 40).put("latencyJitterMs", 20).put("failureRate", 0.05)
                .put("seed", 7);
        body.putObject("options").put("maxInFlight", 32).put("maxAttempts", 2);
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < ITEMS; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            double beta = 0.5 + (i / SYMBOLS.length) % 20 * 0.1;
            ObjectNode item = items.addObject();
            item.put("label", "%s beta=%.1f".formatted(symbol, beta));
            item.putObject("payload").put("symbol", symbol).put("beta", Math.round(beta * 10) / 10.0);
        }
        return body;
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).GET());
    }

    private JsonNode post(String path, String token, JsonNode body) {
        return send(HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Demo request failed with " + response.statusCode() + ": "
                        + response.body());
            }
            return EventJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Demo request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
