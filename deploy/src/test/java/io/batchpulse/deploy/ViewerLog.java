package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.testsupport.sse.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A test viewer of one batch's stream on one gateway: it records every event and checks the
 * stream invariants of RELIABILITY.md on what arrived. I3: every snapshot's counts add up to the
 * total. I4: versions and final counts never go down. I5 (no reconnect here): feed events arrive
 * in offset order, each once.
 */
final class ViewerLog implements AutoCloseable {

    private final String name;
    private final SseClient client;

    private ViewerLog(String name, SseClient client) {
        this.name = name;
        this.client = client;
    }

    static ViewerLog watch(String name, URI gateway, UUID batch, String token) {
        return new ViewerLog(name, SseClient.open(gateway.resolve("/api/v1/batches/" + batch + "/progress"), token));
    }

    void awaitComplete(Duration timeout) {
        await().atMost(timeout).until(() -> !client.events("batch.complete").isEmpty());
    }

    JsonNode lastSnapshot() {
        List<SseClient.Event> snapshots = client.events("batch.progress");
        assertThat(snapshots).as("%s: snapshots", name).isNotEmpty();
        return snapshots.get(snapshots.size() - 1).json();
    }

    /** I3, I4 and I5 over everything received so far. */
    void assertStreamInvariants() {
        long version = -1;
        long[] finals = {0, 0, 0};
        long lastFeedId = -1;
        for (SseClient.Event event : client.events()) {
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

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
