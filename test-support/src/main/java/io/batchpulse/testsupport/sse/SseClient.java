package io.batchpulse.testsupport.sse;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.HttpConnectStrategy;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's view of one progress stream, read with a real SSE client library (LaunchDarkly's
 * okhttp-eventsource: framing, Last-Event-ID, the server's retry hint). It connects, keeps the
 * answer's status and headers (and the JSON body of a refusal), and once started reads events on
 * a thread of its own with their arrival time. It never reconnects: a test wants to see every end.
 *
 * <p>Not reading yet is how a test plays a slow client: the library reads nothing until asked, so
 * with {@link #stalled} (a tiny socket receive buffer) TCP flow control soon pushes back on the server.
 */
public final class SseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    /**
     * One event as the library hands it over.
     *
     * @param id            the last event id as of this event: the one a browser would send back in
     *                      Last-Event-ID (per the SSE rules it carries over events without an id of their own)
     * @param retry         the reconnect delay in ms the stream has asked for as of this event (the
     *                      library's default, 1000, until a {@code retry:} field arrives)
     * @param receivedNanos {@link System#nanoTime()} when the event was read
     */
    public record Event(String name, String id, String data, Long retry, long receivedNanos) {

        public JsonNode json() {
            return JSON.readTree(data);
        }
    }

    private final EventSource source;
    private final ResponseCapture response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private volatile StreamException failure;

    private SseClient(URI url, String token, int receiveBuffer, String... headers) {
        this.response = new ResponseCapture();
        HttpConnectStrategy connect = ConnectStrategy.http(url)
                .header("Accept", "text/event-stream")
                .readTimeout(60, TimeUnit.SECONDS)
                .clientBuilderActions(client -> response.configure(client, receiveBuffer));
        if (token != null) {
            connect = connect.header("Authorization", "Bearer " + token);
        }
        String lastEventId = null;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Last-Event-ID")) {
                lastEventId = headers[i + 1];
            } else {
                connect = connect.header(headers[i], headers[i + 1]);
            }
        }
        this.source = new EventSource.Builder(connect)
                .lastEventId(lastEventId)
                .errorStrategy(ErrorStrategy.alwaysThrow())
                .logger(LDLogger.none())
                .build();
        try {
            source.start();
        } catch (StreamException e) {
            // a refusal (its status, headers and body are kept) or no connection at all
            failure = e;
            ended = true;
        }
    }

    /** Connects and starts reading. {@code headers}: name, value pairs (Last-Event-ID among them). */
    public static SseClient open(URI url, String token, String... headers) {
        SseClient client = connect(url, token, headers);
        client.startReading();
        return client;
    }

    /** {@link #open(URI, String, String...)} on a server of this machine. */
    public static SseClient open(int port, String path, String token, String... headers) {
        return open(local(port, path), token, headers);
    }

    /** Connects (the answer's status and headers are known on return) without reading anything yet. */
    public static SseClient connect(URI url, String token, String... headers) {
        return new SseClient(url, token, 0, headers);
    }

    public static SseClient connect(int port, String path, String token, String... headers) {
        return connect(local(port, path), token, headers);
    }

    /**
     * A client that reads nothing until told to, on a socket with a tiny receive buffer, so the
     * server's writes soon block.
     */
    public static SseClient stalled(int port, String path, String token) {
        return new SseClient(local(port, path), token, 4096);
    }

    private static URI local(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int status() {
        return response.status();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The whole body of a refused request (JSON envelope). */
    public JsonNode errorBody() {
        return JSON.readTree(response.errorBody());
    }

    public void startReading() {
        Thread reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** The events so far, as a snapshot: the reader keeps appending to the live list. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(String name) {
        return events.stream().filter(event -> name.equals(event.name())).toList();
    }

    public boolean ended() {
        return ended;
    }

    /** Why the stream ended, as the library said it (null while it is open); for a failing test's message. */
    public StreamException failure() {
        return failure;
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
        return source.getLastEventId();
    }

    private void read() {
        try {
            if (!ended) {
                while (true) {
                    MessageEvent message = source.readMessage();
                    events.add(new Event(message.getEventName(), message.getLastEventId(), message.getData(),
                            source.getBaseRetryDelayMillis(), System.nanoTime()));
                }
            }
        } catch (StreamException e) {
            // the server ended the stream, or the test closed it
            failure = e;
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        source.close();
    }

    /** Where the stream stands, for a failing test's message. */
    @Override
    public String toString() {
        List<Event> received = events();
        return "SseClient[status " + status() + (ended ? ", ended: " + failure : ", open") + ", " + received.size()
                + " events" + (received.isEmpty() ? "" : ", the last " + received.get(received.size() - 1).name()) + "]";
    }
}
