package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.SecondGateway;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sockets that never read cost no thread: on an instance with {@code writer-threads} (2) far
 * below their number (24), a normal viewer of the same busy batch gets every item event and
 * batch.complete while they are all still open; then each of them is closed by the slow-client
 * timeout. Its own instance, because the shared one must keep unread viewers much longer.
 */
class StalledSocketsIntegrationTests extends GatewayIntegrationTest {

    private static final int STALLED = 24;
    private static final int ITEMS = 2_000;
    // far longer than the viewer needs, even on a busy machine; the assertion below relies on it
    private static final Duration SLOW_CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    @Test
    void socketsThatNeverReadHoldUpNoOtherViewerAndAreClosedAfterTheSlowClientTimeout() throws IOException {
        TestEvents batch = ProgressStreamIntegrationTests.running(ITEMS);
        String token = Tokens.user("amara");
        String path = ProgressStreamIntegrationTests.progressPath(batch);
        List<Socket> stalled = new ArrayList<>();
        ConfigurableApplicationContext instance = SecondGateway.start(stateDir,
                "--gateway.stream.writer-threads=2",
                "--gateway.stream.max-streams-per-user=" + (STALLED + 1),
                "--gateway.stream.slow-client-timeout=" + SLOW_CLIENT_TIMEOUT.toMillis() + "ms");
        try {
            int instancePort = SecondGateway.port(instance);
            MeterRegistry meters = instance.getBean(MeterRegistry.class);
            Api instanceApi = new Api(instancePort);
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> instanceApi.get(
                    "/api/v1/batches/" + batch.key() + "/snapshot", token).status() == 200);
            for (int i = 0; i < STALLED; i++) {
                stalled.add(neverReading(instancePort, path, token));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> openStreams(meters) == STALLED);

            try (SseClient viewer = SseClient.open(instancePort, path, token)) {
                viewer.awaitEvent("batch.progress");
                List<BatchEvent> events = new ArrayList<>();
                for (int index = 0; index < ITEMS; index++) {
                    events.add(batch.itemStarted(index, 1, 10 + index));
                    events.add(bulkyFailure(batch, index));
                }
                events.add(batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, ITEMS, 0, ITEMS, 5_000));
                publish(events.toArray(BatchEvent[]::new));

                viewer.awaitEnd(Duration.ofSeconds(120));
                List<SseClient.Event> received = viewer.events();
                assertThat(received.get(received.size() - 1).name()).isEqualTo("batch.complete");
                long sent = received.stream().filter(e -> e.name().startsWith("item.")).count();
                long skipped = viewer.events("feed.gap").stream().mapToLong(e -> e.json().path("skipped").asLong())
                        .sum();
                assertThat(sent + skipped).isEqualTo(2L * ITEMS);
                assertThat(sent).as("item events that reached the reading viewer").isPositive();
                // served while every stalled socket was still open: none had been closed as slow yet
                assertThat(slowClosed(meters)).isZero();
            }

            Awaitility.await("every stalled socket closed as slow").atMost(SLOW_CLIENT_TIMEOUT.plusSeconds(60))
                    .until(() -> slowClosed(meters), closed -> closed == STALLED);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> openStreams(meters) == 0);
            for (Socket socket : stalled) {
                String answer = readToTheEnd(socket);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("event:batch.progress")
                        .doesNotContain("event:batch.complete");
                // what the kernel took for a client that never read: the stream's small send buffer
                // (StreamController.STREAM_SEND_BUFFER_BYTES), not the megabytes Linux grows one to
                assertThat(answer.length()).as("bytes a stalled client was sent").isLessThan(512 * 1024);
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
            instance.close();
        }
    }

    /**
     * An item.failed of about 5 KB (message and details at their cut-off): a few MB per stream,
     * more than the kernel buffers a loopback socket that is not read, however they grow.
     */
    private static ItemFailed bulkyFailure(TestEvents batch, int index) {
        String text = "x".repeat(SseEvents.MAX_TEXT);
        return new ItemFailed(UUID.randomUUID(), batch.batchId, TestEvents.at(11 + index), SchemaVersion.CURRENT,
                batch.item(index), index, 1, "worker-1", batch.label(index),
                new ItemError("UPSTREAM_FAILED", text, Collections.nCopies(SseEvents.MAX_DETAILS, text)), false, 15);
    }

    /** A stream request on a socket with a tiny receive buffer, whose answer is not read. */
    private static Socket neverReading(int port, String path, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        // Connection: close, so the server closes the socket once it has ended the response
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Everything the server sent until it closed the connection (or reset it). */
    private static String readToTheEnd(Socket socket) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout((int) Duration.ofSeconds(90).toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                answer.write(buffer, 0, read);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new UncheckedIOException("the server kept the connection open", e);
        } catch (IOException e) {
            // reset by the server after its write timed out: closed all the same
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static double openStreams(MeterRegistry meters) {
        return meters.get("batchpulse.sse.connections").gauge().value();
    }

    private static double slowClosed(MeterRegistry meters) {
        return meters.get("batchpulse.sse.slow.closed").counter().count();
    }
}
