package io.batchpulse.bench;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.eventsource.StreamHttpErrorException;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One viewer of a batch's progress stream with a real SSE client library (LaunchDarkly's
 * okhttp-eventsource), bearer token in the Authorization header as fetch-event-source sends it.
 * No reconnects: the benchmark wants to see every failure.
 *
 * <p>The tests' {@code SseClient} (test-support) reads with the same library but keeps every
 * event for assertions; this hands each event on as it arrives, and the benchmark's runtime
 * classpath does without the tests' broker and database bootstrap.
 */
final class ProgressStream implements AutoCloseable {

    /** The endpoint is missing (404 on a batch that exists) or refused the stream. */
    static final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final EventSource source;

    ProgressStream(URI gateway, String token, UUID batchId) {
        URI url = gateway.resolve("/api/v1/batches/" + batchId + "/progress");
        this.source = new EventSource.Builder(ConnectStrategy.http(url)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .readTimeout(60, TimeUnit.SECONDS))
                .errorStrategy(ErrorStrategy.alwaysThrow())
                .logger(LDLogger.none())
                .build();
    }

    /** Connects; a 4xx answer becomes {@link Unavailable}. */
    void connect() {
        try {
            source.start();
        } catch (StreamHttpErrorException e) {
            throw new Unavailable("GET /api/v1/batches/{id}/progress answered HTTP " + e.getCode());
        } catch (StreamException e) {
            throw new Unavailable("cannot open the progress stream: " + e);
        }
    }

    /**
     * Reads events (with the instant each arrived) until {@code batch.complete}, the server closes
     * the stream, or {@link #close()} is called from another thread. Returns true on batch.complete.
     */
    boolean read(Consumer<Received> sink) {
        try {
            while (true) {
                MessageEvent message = source.readMessage();
                Instant at = Instant.now();
                sink.accept(new Received(new SseEvent(message.getEventName(), message.getData(),
                        message.getLastEventId()), at));
                if (message.getEventName().equals("batch.complete")) {
                    return true;
                }
            }
        } catch (StreamException e) {
            return false; // closed by the server, by close(), or a broken connection
        }
    }

    record Received(SseEvent event, Instant at) {
    }

    @Override
    public void close() {
        source.close();
    }
}
