package io.batchpulse.deploy;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Records what one viewer of a batch's progress stream receives. It reads the
 * {@code event:}/{@code data:} lines of the stream; the gateway's own tests read the stream with a
 * real SSE client library.
 */
final class SseRecorder implements AutoCloseable {

    record Event(String name, JsonNode data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile int status;

    SseRecorder(URI gateway, String token, java.util.UUID batch) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/batches/" + batch + "/progress"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET().build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(this::read);
    }

    private void read(HttpResponse<Stream<String>> answer) {
        status = answer.statusCode();
        String name = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = answer.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, EventJson.mapper().readTree(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }
    }

    int status() {
        return status;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Event> named(String name) {
        return events.stream().filter(event -> event.name().equals(name)).toList();
    }

    @Override
    public void close() throws IOException {
        response.cancel(true);
    }
}
