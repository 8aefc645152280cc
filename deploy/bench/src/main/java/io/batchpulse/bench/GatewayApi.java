package io.batchpulse.bench;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The public REST API as a tool calls it: dev tokens, create, uploads, read, controls. */
final class GatewayApi {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Uploads and the checks of a whole file take longer than a click's request. */
    private static final Duration LONG_REQUEST = Duration.ofMinutes(5);

    private final URI gateway;

    GatewayApi(URI gateway) {
        this.gateway = gateway;
    }

    URI base() {
        return gateway;
    }

    /** A token from the local profile's dev endpoint (the embedded stack runs the gateway with it). */
    String token(String subject, boolean admin) {
        String path = "/api/v1/dev/token?sub=" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + (admin ? "&admin=true" : "");
        return data(send(HttpRequest.newBuilder(gateway.resolve(path)).GET(), 200)).path("token").asString();
    }

    UUID create(String token, JsonNode body) {
        JsonNode created = data(send(authorized(token, "/api/v1/batches")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 201));
        return UUID.fromString(created.path("id").asString());
    }

    JsonNode batch(String token, UUID batchId) {
        return data(send(authorized(token, "/api/v1/batches/" + batchId).GET(), 200));
    }

    void control(String token, UUID batchId, String action) {
        send(authorized(token, "/api/v1/batches/" + batchId + "/" + action)
                .POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    /** Declares a file upload (tus 1.0 core semantics); returns its id. */
    UUID declareUpload(String token, String fileName, long size, String format) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("fileName", fileName).put("size", size)
                .put("format", format);
        JsonNode declared = data(send(authorized(token, "/api/v1/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 201));
        return UUID.fromString(declared.path("id").asString());
    }

    /** Sends one chunk of an upload at {@code offset}; returns the server's new offset. */
    long patchUpload(String token, UUID upload, long offset, byte[] chunk) {
        HttpResponse<String> response = exchange(authorized(token, "/api/v1/uploads/" + upload)
                .header("Upload-Offset", Long.toString(offset))
                .header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)), LONG_REQUEST);
        if (response.statusCode() != 204) {
            throw new IllegalStateException("PATCH at " + offset + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Long.parseLong(response.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** Makes a complete upload into a batch; the gateway reads the whole file before it answers. */
    UUID createFromUpload(String token, UUID upload, JsonNode body) {
        HttpResponse<String> response = exchange(authorized(token, "/api/v1/uploads/" + upload + "/batch")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), LONG_REQUEST);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /uploads/" + upload + "/batch answered " + response.statusCode()
                    + ": " + response.body());
        }
        return UUID.fromString(data(EventJson.mapper().readTree(response.body())).path("id").asString());
    }

    /** Heap in use (bytes) from the service's actuator, or -1 when the metrics endpoint is not exposed. */
    long heapUsed(Service service, String token) {
        return (long) metric(service, token, "jvm.memory.used?tag=area:heap", "VALUE");
    }

    /** One statistic (VALUE, COUNT, TOTAL_TIME, MAX) of an actuator metric, or -1 when it is not there. */
    /** Feed events the gateway dropped for slow clients since it started; negative if it cannot say. */
    double droppedFeedEvents(Service gateway, String token) {
        return metric(gateway, token, "batchpulse.sse.events.dropped", "COUNT");
    }

    double metric(Service service, String token, String nameAndTags, String statistic) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                service.baseUrl().resolve("/actuator/metrics/" + nameAndTags)).GET();
        if (service.secured()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != 200) {
            return -1;
        }
        JsonNode body = EventJson.mapper().readTree(response.body());
        for (JsonNode measurement : body.path("measurements")) {
            if (statistic.equals(measurement.path("statistic").asString())) {
                return measurement.path("value").asDouble();
            }
        }
        return -1;
    }

    private HttpRequest.Builder authorized(String token, String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return EventJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        return exchange(request, Duration.ofSeconds(30));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, Duration timeout) {
        try {
            return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static JsonNode data(JsonNode envelope) {
        return envelope.path("data");
    }
}
