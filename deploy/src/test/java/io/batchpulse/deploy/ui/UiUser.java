package io.batchpulse.deploy.ui;

import com.microsoft.playwright.Page;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A local-mode user of the shared cluster: its dev token for API calls the tests make directly
 * (creating batches to look at, reading the exact counts), and a browser page signed in as it.
 */
final class UiUser {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String subject;
    private final String token;
    private final String expiresAt;

    private UiUser(URI gateway, String subject, String token, String expiresAt) {
        this.gateway = gateway;
        this.subject = subject;
        this.token = token;
        this.expiresAt = expiresAt;
    }

    /** A user of its own per test, so its batch list holds only that test's batches. */
    static UiUser unique(URI gateway, String prefix) {
        return as(gateway, prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
    }

    static UiUser as(URI gateway, String subject) {
        UiUser anonymous = new UiUser(gateway, subject, null, null);
        JsonNode data = anonymous.send("GET", "/api/v1/dev/token?sub=" + subject, null).path("data");
        return new UiUser(gateway, subject, data.path("token").asString(), data.path("expiresAt").asString());
    }

    String subject() {
        return subject;
    }

    String token() {
        return token;
    }

    URI url(String path) {
        return gateway.resolve(path);
    }

    /** Puts this user's session into the page's sessionStorage before any of its scripts run. */
    void signInBrowser(Page page) {
        String session = EventJson.mapper().createObjectNode().put("token", token).put("subject", subject)
                .put("admin", false).put("source", "dev").put("expiresAt", expiresAt).toString();
        page.context().addInitScript("sessionStorage.setItem('batchpulse.session', " + quote(session) + ");");
    }

    UUID createBatch(JsonNode body) {
        JsonNode answer = send("POST", "/api/v1/batches", body.toString());
        String id = answer.path("data").path("id").asString();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("Batch not created: " + answer);
        }
        return UUID.fromString(id);
    }

    JsonNode batch(UUID id) {
        return send("GET", "/api/v1/batches/" + id, null).path("data");
    }

    /** How many batches this user has (the list's total). */
    long batchCount() {
        return send("GET", "/api/v1/batches?page=0&size=1", null).path("data").path("totalElements").asLong();
    }

    /** The whole answer to GET /api/v1/uploads/{id}: the upload in data, or an error (NOT_FOUND once it is gone). */
    JsonNode upload(String id) {
        return send("GET", "/api/v1/uploads/" + id, null);
    }

    /** The batch's failed items by failure group (GET /api/v1/batches/{id}/failures). */
    JsonNode failures(UUID id) {
        return send("GET", "/api/v1/batches/" + id + "/failures", null).path("data");
    }

    /** The first page of the batch's items in this status. */
    JsonNode items(UUID id, String status) {
        return send("GET", "/api/v1/batches/" + id + "/items?size=200&status=" + status, null).path("data");
    }

    /** The batch's callbacks with their deliveries (GET /api/v1/batches/{id}/callbacks). */
    JsonNode callbacks(UUID id) {
        return send("GET", "/api/v1/batches/" + id + "/callbacks", null).path("data");
    }

    JsonNode control(UUID id, String action) {
        return send("POST", "/api/v1/batches/" + id + "/" + action, "");
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return EventJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        return EventJson.mapper().writeValueAsString(text);
    }
}
