package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.SecondGateway;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Admission control and the replay depth cap, on an instance of their own (so its small limits
 * touch no other test): at most {@value #CAPACITY} streams, replays of at most
 * {@value #MAX_REPLAY_EVENTS} records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamLimitsIntegrationTests extends GatewayIntegrationTest {

    private static final int CAPACITY = 5;
    private static final int MAX_REPLAY_EVENTS = 200;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path stateDir;
    private static ConfigurableApplicationContext limited;
    private static int limitedPort;

    @BeforeAll
    static void startLimitedInstance() {
        limited = SecondGateway.start(stateDir, "--gateway.stream.max-streams=" + CAPACITY,
                "--gateway.stream.max-replay-events=" + MAX_REPLAY_EVENTS, "--gateway.stream.retry-after=7s");
        limitedPort = SecondGateway.port(limited);
    }

    @AfterAll
    static void stopLimitedInstance() {
        limited.close();
    }

    @Test
    @Order(1)
    void aResumeFurtherBehindThanTheCapGetsTheSnapshotAndAFeedGapInsteadOfAReplay() {
        TestEvents batch = ProgressStreamIntegrationTests.running(400);
        String token = Tokens.admin("deep-" + UUID.randomUUID());
        String path = ProgressStreamIntegrationTests.progressPath(batch);
        awaitSnapshotOnLimited(batch, token);
        String earlyId;
        try (SseClient first = SseClient.open(limitedPort, path, token)) {
            publish(items(batch, 0, 5));
            earlyId = first.awaitEvent(e -> e.name().startsWith("item."), WAIT).id();
        }
        try (SseClient watcher = SseClient.open(limitedPort, path, token)) {
            // 300 events of this batch alone: the live feed is then more than 200 records ahead
            BatchEvent[] later = items(batch, 5, 155);
            publish(later);
            String lastEventId = later[later.length - 1].eventId().toString();
            // the watcher got the last of them live, so the instance's feed is past them
            watcher.awaitEvent(e -> e.name().startsWith("item.") && lastEventId.equals(e.json().path("eventId")
                    .asString()), WAIT);
            long head = Long.parseLong(watcher.events().stream().filter(e -> e.name().startsWith("item."))
                    .reduce((a, b) -> b).orElseThrow().id());

            try (SseClient resumed = SseClient.open(limitedPort, path, token, "Last-Event-ID", earlyId)) {
                assertThat(resumed.status()).isEqualTo(200);
                SseClient.Event gap = resumed.awaitEvent(e -> e.name().equals("feed.gap"), WAIT);
                publish(batch.finished(BatchStatus.COMPLETED, null, 400, 155, 0, 9_000));
                resumed.awaitEnd(WAIT);

                assertThat(resumed.events().get(0).name()).isEqualTo("batch.progress");
                assertThat(gap.json().path("reason").asString()).isEqualTo("too-far-behind");
                assertThat(gap.json().path("firstSkippedId").asString())
                        .isEqualTo(String.valueOf(Long.parseLong(earlyId) + 1));
                assertThat(Long.parseLong(gap.id())).isGreaterThanOrEqualTo(head);
                // nothing was read from the partition: no item event from before the gap
                assertThat(resumed.events()).filteredOn(e -> e.name().startsWith("item."))
                        .allSatisfy(e -> assertThat(Long.parseLong(e.id())).isGreaterThan(head));
                assertThat(resumed.events().get(resumed.events().size() - 1).name()).isEqualTo("batch.complete");
            }
        }
        assertThat(limited.getBean(MeterRegistry.class).get("batchpulse.sse.replay.skipped")
                .tag("reason", "too-far-behind").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void pastItsCapacityTheInstanceRefusesNewStreamsWith503AndKeepsServingRestAndItsViewers() {
        TestEvents batch = ProgressStreamIntegrationTests.running(3);
        String path = ProgressStreamIntegrationTests.progressPath(batch);
        String token = Tokens.admin("crowd-" + UUID.randomUUID());
        awaitSnapshotOnLimited(batch, token);
        MeterRegistry metrics = limited.getBean(MeterRegistry.class);
        // the earlier test's streams are gone once the server has noticed (a heartbeat at the latest)
        Awaitility.await().atMost(WAIT).until(() -> metrics.get("batchpulse.sse.connections").gauge().value() == 0);
        assertThat(metrics.get("batchpulse.sse.capacity").gauge().value()).isEqualTo(CAPACITY);

        List<SseClient> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < CAPACITY; i++) {
                // one user may hold several, and other users count just the same
                String viewer = i % 2 == 0 ? token : Tokens.admin("crowd-" + UUID.randomUUID());
                viewers.add(SseClient.open(limitedPort, path, viewer));
                assertThat(viewers.get(i).status()).isEqualTo(200);
            }
            try (SseClient refused = SseClient.connect(limitedPort, path, Tokens.admin("late-" + UUID.randomUUID()))) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
                assertThat(refused.errorBody().path("data").isNull()).isTrue();
                assertThat(refused.errorBody().path("error").path("code").asString()).isEqualTo("STREAMS_FULL");
            }

            Api limitedApi = new Api(limitedPort);
            // the page asks for a ticket first, with a fetch that can read the status and Retry-After
            Api.Response ticket = limitedApi.post("/api/v1/batches/" + batch.key() + "/stream-ticket", token, "");
            assertThat(ticket.status()).isEqualTo(503);
            assertThat(ticket.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(ticket.errorCode()).isEqualTo("STREAMS_FULL");
            assertThat(limitedApi.get("/api/v1/batches/" + batch.key() + "/snapshot", token).status()).isEqualTo(200);
            assertThat(limitedApi.get("/actuator/health/liveness", null).status()).isEqualTo(200);
            assertThat(limited.getBean(ServingThreads.class).health().getDetails())
                    .containsEntry("acceptor", "alive").containsEntry("feedConsumer", "alive");

            publish(items(batch, 0, 3));
            publish(batch.finished(BatchStatus.COMPLETED, null, 3, 3, 0, 1_000));
            for (SseClient viewer : viewers) {
                viewer.awaitEnd(WAIT);
                assertThat(viewer.events()).filteredOn(e -> e.name().equals("item.completed")).hasSize(3);
                assertThat(viewer.events().get(viewer.events().size() - 1).name()).isEqualTo("batch.complete");
            }
        } finally {
            viewers.forEach(SseClient::close);
        }
        assertThat(metrics.get("batchpulse.sse.refused.full").counter().count()).isGreaterThanOrEqualTo(1);
    }

    private static BatchEvent[] items(TestEvents batch, int from, int to) {
        List<BatchEvent> events = new ArrayList<>();
        for (int index = from; index < to; index++) {
            events.add(batch.itemStarted(index, 1, 10 + index * 10L));
            events.add(batch.completed(index, 1, 15 + index * 10L));
        }
        return events.toArray(BatchEvent[]::new);
    }

    private static void awaitSnapshotOnLimited(TestEvents batch, String token) {
        Api limitedApi = new Api(limitedPort);
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> limitedApi.get(
                "/api/v1/batches/" + batch.key() + "/snapshot", token).status() == 200);
    }
}
