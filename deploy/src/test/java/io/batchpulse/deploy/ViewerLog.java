package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.testsupport.sse.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A test viewer of one batch's stream: it records every event and checks the stream invariants of
 * RELIABILITY.md on what arrived. I3: every snapshot's counts add up to the total. I4: versions and
 * final counts never go down. I5: feed events arrive in offset order, each once, across reconnects.
 *
 * <p>A {@link #resuming} viewer behaves as the web UI does when its gateway dies: once its stream
 * ends before batch.complete, it connects to the next gateway with its Last-Event-ID, and keeps
 * trying (a dead gateway refuses connections) until one answers. The time from the end of one
 * stream to the first event of the next is its reconnect time.
 */
final class ViewerLog implements AutoCloseable {

    /** The longest a viewer may go without an event: the gateway's default heartbeat, and what a loaded machine may add to it. */
    static final Duration HEARTBEAT_GAP = Duration.ofSeconds(15 + 10);

    private static final Duration RETRY = Duration.ofMillis(250);

    private final String name;
    private final List<URI> gateways;
    private final UUID batch;
    private final String token;
    private final List<SseClient> connections = new CopyOnWriteArrayList<>();
    private final List<Duration> reconnects = new CopyOnWriteArrayList<>();
    private final Thread follower;
    private volatile boolean closed;

    private ViewerLog(String name, List<URI> gateways, UUID batch, String token, boolean resume) {
        this.name = name;
        this.gateways = gateways;
        this.batch = batch;
        this.token = token;
        connections.add(SseClient.open(path(gateways.get(0)), token));
        if (resume) {
            follower = new Thread(this::follow, "viewer-" + name);
            follower.setDaemon(true);
            follower.start();
        } else {
            follower = null;
        }
    }

    static ViewerLog watch(String name, URI gateway, UUID batch, String token) {
        return new ViewerLog(name, List.of(gateway), batch, token, false);
    }

    /** Starts on the first gateway; when a stream ends early, resumes on the next one (round robin). */
    static ViewerLog resuming(String name, List<URI> gateways, UUID batch, String token) {
        return new ViewerLog(name, List.copyOf(gateways), batch, token, true);
    }

    private URI path(URI gateway) {
        return gateway.resolve("/api/v1/batches/" + batch + "/progress");
    }

    private void follow() {
        try {
            resumeUntilComplete();
        } catch (RuntimeException e) {
            if (!closed) {
                System.out.println(name + " stopped resuming: " + e);
            }
        }
    }

    private void resumeUntilComplete() {
        int next = 1;
        while (!closed) {
            SseClient current = connections.get(connections.size() - 1);
            await().forever().pollInterval(Duration.ofMillis(20)).until(() -> closed || current.ended());
            if (closed || !current.events("batch.complete").isEmpty()) {
                return;
            }
            long endedAt = System.nanoTime();
            String lastEventId = lastEventId();
            SseClient resumed;
            do {
                URI gateway = gateways.get(next++ % gateways.size());
                resumed = lastEventId == null ? SseClient.open(path(gateway), token)
                        : SseClient.open(path(gateway), token, "Last-Event-ID", lastEventId);
                if (resumed.status() != 200) {
                    resumed.close();
                    SseClient refused = resumed;
                    await().pollDelay(RETRY).atMost(RETRY.multipliedBy(2)).until(() -> refused.ended() || closed);
                }
            } while (resumed.status() != 200 && !closed);
            connections.add(resumed);
            SseClient first = resumed;
            await().atMost(Batches.BATCH_TIMEOUT).until(() -> closed || !first.events().isEmpty() || first.ended());
            reconnects.add(Duration.ofNanos(System.nanoTime() - endedAt));
            System.out.println(name + " resumed after " + lastEventId + " in " + reconnects.get(reconnects.size() - 1));
        }
    }

    /** The id the viewer would send back: that of the last event with one, on any of its streams. */
    private String lastEventId() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            String id = connections.get(i).lastEventId();
            if (id != null && !id.isEmpty()) {
                return id;
            }
        }
        return null;
    }

    /** Every event received, stream after stream. */
    List<SseClient.Event> events() {
        List<SseClient.Event> all = new ArrayList<>();
        connections.forEach(connection -> all.addAll(connection.events()));
        return all;
    }

    private List<SseClient.Event> events(String eventName) {
        return events().stream().filter(event -> event.name().equals(eventName)).toList();
    }

    /** The longest time between this viewer's events (or the window's ends) from {@code from} to {@code to}, in nanoTime. */
    Duration longestSilence(long from, long to) {
        return Duration.ofNanos(Gap.longest(events().stream().mapToLong(SseClient.Event::receivedNanos), from, to).length());
    }

    List<Duration> reconnects() {
        return List.copyOf(reconnects);
    }

    void awaitComplete(Duration timeout) {
        await().atMost(timeout).until(() -> !events("batch.complete").isEmpty());
    }

    JsonNode lastSnapshot() {
        List<SseClient.Event> snapshots = events("batch.progress");
        assertThat(snapshots).as("%s: snapshots", name).isNotEmpty();
        return snapshots.get(snapshots.size() - 1).json();
    }

    /** I3, I4 and I5 over everything received so far. */
    void assertStreamInvariants() {
        long version = -1;
        long[] finals = {0, 0, 0};
        long lastFeedId = -1;
        for (SseClient.Event event : events()) {
            if (event.name().equals("batch.progress")) {
                JsonNode snapshot = event.json();
                long sum = snapshot.path("pending").asLong() + snapshot.path("inProgress").asLong()
                        + snapshot.path("completed").asLong() + snapshot.path("failed").asLong()
                        + snapshot.path("cancelled").asLong();
                assertThat(sum).as("I3 (%s): counts of snapshot %s add up", name, snapshot.path("version"))
                        .isEqualTo(snapshot.path("total").asLong());
                assertThat(snapshot.path("version").asLong()).as("I4 (%s): snapshot versions rise", name)
                        .isGreaterThanOrEqualTo(version);
                version = snapshot.path("version").asLong();
                String[] fields = {"completed", "failed", "cancelled"};
                for (int i = 0; i < fields.length; i++) {
                    long value = snapshot.path(fields[i]).asLong();
                    assertThat(value).as("I4 (%s): %s never goes down", name, fields[i]).isGreaterThanOrEqualTo(finals[i]);
                    finals[i] = value;
                }
            } else if (event.name().startsWith("item.")) {
                long id = Long.parseLong(event.id());
                assertThat(id).as("I5 (%s): feed event %s after %s, once and in order", name, id, lastFeedId)
                        .isGreaterThan(lastFeedId);
                lastFeedId = id;
            }
        }
    }

    /**
     * I5, no gap: every item.completed and item.failed the topic holds after the position this
     * viewer started from reached it, by its offset, whatever streams it took. (A viewer that
     * reads at once is never sent a feed.gap; one here fails the check too.)
     */
    void assertNoGap(List<BatchEventLog.Logged> topic) {
        assertThat(events("feed.gap")).as("%s: feed.gap notices", name).isEmpty();
        String first = events().get(0).id();
        long start = first == null ? -1 : Long.parseLong(first);
        Set<Long> received = events().stream().filter(event -> event.name().startsWith("item."))
                .map(event -> Long.parseLong(event.id())).collect(Collectors.toSet());
        List<Long> expected = topic.stream().filter(logged -> logged.offset() > start)
                .filter(logged -> logged.event() instanceof ItemCompleted || logged.event() instanceof ItemFailed)
                .map(BatchEventLog.Logged::offset).toList();
        assertThat(received).as("I5 (%s): final item events after offset %s, by offset", name, start)
                .containsAll(expected);
    }

    @Override
    public void close() {
        closed = true;
        connections.forEach(SseClient::close);
        if (follower != null) {
            follower.interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
