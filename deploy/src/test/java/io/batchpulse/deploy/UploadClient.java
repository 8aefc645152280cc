package io.batchpulse.deploy;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A resumable upload as a user's tool does it (tus 1.0 core semantics): declare the file, send
 * chunks at the server's offset, ask for the offset after a lost connection. Chunks are streamed
 * from the file, never read whole.
 */
final class UploadClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String token;

    UploadClient(URI gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    UUID create(String fileName, long size, String format) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("fileName", fileName).put("size", size)
                .put("format", format);
        HttpResponse<String> response = send(request("/api/v1/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /uploads answered " + response.statusCode() + " " + response.body());
        }
        return UUID.fromString(EventJson.mapper().readTree(response.body()).path("data").path("id").asString());
    }

    /** Sends bytes [offset, offset + length) of the file; returns the server's new offset. */
    long patch(UUID upload, Path file, long offset, long length) {
        HttpResponse<String> response = send(request("/api/v1/uploads/" + upload)
                .header("Upload-Offset", Long.toString(offset))
                .header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(slice(file, offset, length))));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("PATCH at " + offset + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return Long.parseLong(response.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** The offset to resume from, as HEAD tells it. */
    long offset(UUID upload) {
        HttpResponse<String> response = send(request("/api/v1/uploads/" + upload)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HEAD answered " + response.statusCode());
        }
        return Long.parseLong(response.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /**
     * Declares a chunk of {@code declared} bytes at {@code offset}, sends only {@code sent} of
     * them and drops the connection: what a train going into a tunnel does to an upload.
     */
    void patchAndCut(UUID upload, Path file, long offset, long declared, long sent) {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort());
                OutputStream out = socket.getOutputStream()) {
            String head = "PATCH /api/v1/uploads/" + upload + " HTTP/1.1\r\n"
                    + "Host: " + gateway.getHost() + ":" + gateway.getPort() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Tus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: " + offset + "\r\n"
                    + "Content-Type: application/offset+octet-stream\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(slice(file, offset, sent));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns the finished upload into a batch; returns the answer's status and body. */
    ApiClient.Response createBatch(UUID upload, JsonNode body) {
        HttpResponse<String> response = send(request("/api/v1/uploads/" + upload + "/batch")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        return new ApiClient.Response(response.statusCode(), EventJson.mapper().readTree(response.body()));
    }

    /** A chunk of the file: the test client holds one chunk at a time, the server none. */
    private static byte[] slice(Path file, long offset, long length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Channels.newInputStream(channel.position(offset)).readNBytes(Math.toIntExact(length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
