package io.batchpulse.orchestrator.support;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.core.type.TypeReference;

/** Calls the orchestrator's internal API like the gateway does: plain HTTP, contract JSON. */
public final class InternalApi {

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    public InternalApi(String base) {
        this.base = base;
    }

    public <T> T get(String path, TypeReference<T> type) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return EventJson.mapper().readValue(response.body(), type);
    }

    public int status(String path) throws IOException, InterruptedException {
        return send(path).statusCode();
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
