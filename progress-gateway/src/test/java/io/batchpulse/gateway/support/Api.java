package io.batchpulse.gateway.support;

import io.batchpulse.events.json.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/** A plain HTTP client for the gateway under test: status, headers and the JSON body, never an exception for 4xx/5xx. */
public final class Api {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, HttpHeaders headers, String text) {

        public JsonNode json() {
            return text.isEmpty() ? EventJson.mapper().nullNode() : EventJson.mapper().readTree(text);
        }

        public String errorCode() {
            return json().path("error").path("code").asString();
        }
    }

    public Response get(String path, String token, String... headers) {
        return send(request(path, token, headers).GET().build());
    }

    public Response post(String path, String token, String body, String... headers) {
        return send(request(path, token, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A body without Content-Length (chunked transfer), as a streaming client sends it. */
    public Response postChunked(String path, String token, byte[] body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    }

    public CompletableFuture<Response> postAsync(String path, String token, String body, String... headers) {
        HttpRequest request = request(path, token, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> new Response(r.statusCode(), r.headers(), r.body()));
    }

    public Response patch(String path, String token, byte[] body, String... headers) {
        return send(request(path, token, headers).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Response head(String path, String token) {
        return send(request(path, token).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    public Response options(String path, String... headers) {
        return send(request(path, null, headers).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
