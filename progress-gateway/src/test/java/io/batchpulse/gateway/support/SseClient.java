package io.batchpulse.gateway.support;

import io.batchpulse.events.json.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * A test's view of one SSE stream: connects, keeps status and headers, and (once started) reads
 * events on a thread of its own with their arrival time. Not reading yet is how a test plays a
 * slow client: HTTP/TCP flow control then pushes back on the gateway.
 */
public final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Event(String name, String id, String data, Long retry, long receivedNanos) {

        public JsonNode json() {
            return EventJson.mapper().readTree(data);
        }
    }

    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;
    private final Socket socket;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.headers = response.headers();
        this.body = response.body();
        this.socket = null;
    }

    private SseClient(Socket socket) throws IOException {
        this.status = -1;
        this.headers = null;
        this.body = socket.getInputStream();
        this.socket = socket;
    }

    /**
     * A client that reads nothing until told to: a raw socket with a tiny receive buffer, speaking
     * HTTP/1.0 (so the body is the bare stream, no chunking), so the gateway's writes soon block.
     */
    public static SseClient stalled(int port, String path, String token) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new SseClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and starts reading. {@code headers}: name, value pairs. */
    public static SseClient open(int port, String path, String token, String... headers) {
        SseClient client = connect(port, path, token, headers);
        client.startReading();
        return client;
    }

    /** Connects without reading anything yet. */
    public static SseClient connect(int port, String path, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The whole body of a refused request (JSON envelope). */
    public JsonNode errorBody() {
        try {
            return EventJson.mapper().readTree(body.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void startReading() {
        reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    public List<Event> events() {
        return events;
    }

    public List<Event> events(String name) {
        return events.stream().filter(event -> name.equals(event.name())).toList();
    }

    public boolean ended() {
        return ended;
    }

    public Event awaitEvent(Predicate<Event> condition, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().anyMatch(condition));
        return events.stream().filter(condition).findFirst().orElseThrow();
    }

    public Event awaitEvent(String name) {
        return awaitEvent(event -> name.equals(event.name()), Duration.ofSeconds(30));
    }

    public void awaitEnd(Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> ended);
    }

    /** The last id the stream sent, as a browser would send it back in Last-Event-ID. */
    public String lastEventId() {
        String id = null;
        for (Event event : events) {
            if (event.id() != null) {
                id = event.id();
            }
        }
        return id;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            if (socket != null) {
                String header;
                do {
                    header = lines.readLine();
                } while (header != null && !header.isEmpty());
            }
            String name = null;
            String id = null;
            Long retry = null;
            List<String> data = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, String.join("\n", data), retry,
                                System.nanoTime()));
                    }
                    name = null;
                    id = null;
                    retry = null;
                    data.clear();
                } else if (line.startsWith("event:")) {
                    name = field(line);
                } else if (line.startsWith("id:")) {
                    id = field(line);
                } else if (line.startsWith("data:")) {
                    data.add(field(line));
                } else if (line.startsWith("retry:")) {
                    retry = Long.parseLong(field(line));
                }
            }
        } catch (IOException e) {
            // cut off by the test or the server
        } finally {
            ended = true;
        }
    }

    private static String field(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        try {
            body.close();
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // already gone
        }
    }
}
