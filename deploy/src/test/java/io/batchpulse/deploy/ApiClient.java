package io.batchpulse.deploy;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The public API as a user's tool sees it: JSON over HTTP with a bearer token. */
final class ApiClient {

    record Response(int status, JsonNode body) {

        JsonNode data() {
            return body.path("data");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String token;

    private ApiClient(URI gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    /** Signs in as a local user through the local-mode token endpoint. */
    static ApiClient as(URI gateway, String subject) {
        ApiClient anonymous = new ApiClient(gateway, null);
        Response response = anonymous.get("/api/v1/dev/token?sub=" + subject);
        if (response.status() != 200) {
            throw new IllegalStateException("No dev token: " + response);
        }
        return new ApiClient(gateway, response.data().path("token").asString());
    }

    String token() {
        return token;
    }

    Response createBatch(JsonNode body) {
        return send(createRequest(body));
    }

    /** Create as a caller that traces its own work: its W3C traceparent goes with the request. */
    Response createBatch(JsonNode body, String traceparent) {
        return send(createRequest(body).header("traceparent", traceparent));
    }

    private HttpRequest.Builder createRequest(JsonNode body) {
        return request("/api/v1/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    JsonNode batch(UUID id) {
        Response response = get("/api/v1/batches/" + id);
        if (response.status() != 200) {
            throw new IllegalStateException("GET batch " + id + " answered " + response);
        }
        return response.data();
    }

    /** A control action: pause, resume, cancel or retry-failed. */
    Response control(UUID batch, String action) {
        return send(request("/api/v1/batches/" + batch + "/" + action).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    /** The batch's results export as it streams in; the caller reads and closes the body. */
    HttpResponse<InputStream> results(UUID batch, String format) throws IOException, InterruptedException {
        return http.send(request("/api/v1/batches/" + batch + "/results?format=" + format).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? EventJson.mapper().nullNode()
                    : EventJson.mapper().readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
