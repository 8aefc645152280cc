package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A batch with more viewers than {@code crowd-size} on this instance: its sampled viewers get their
 * share of {@code crowd-fanout} item events a second (failures first) and a count of the rest, and
 * snapshots as often as that share, while batch events reach all; a {@code ?feed=full} viewer gets
 * every item event.
 * The queues are larger than the burst, so no viewer skips anything under feed.gap here and every
 * count below is exact.
 */
@TestPropertySource(properties = {"gateway.stream.crowd-size=" + CrowdedBatchIntegrationTests.CROWD,
        "gateway.stream.crowd-items-per-second=" + CrowdedBatchIntegrationTests.PER_SECOND,
        "gateway.stream.crowd-fanout=" + CrowdedBatchIntegrationTests.FANOUT,
        "gateway.stream.buffer-events=20000"})
class CrowdedBatchIntegrationTests extends GatewayIntegrationTest {

    static final int CROWD = 3;
    static final int PER_SECOND = 20;
    /** Six viewers share it: 5 item events and 5 snapshots a second each, where 20 and 10 would go to a small crowd. */
    static final int FANOUT = 30;
    private static final int ITEMS = 2_000;
    private static final int FAILED_EVERY = 50;
    private static final int CHUNK = 100;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aCrowdedBatchSendsASampleOfItemsWithExactCountsOfTheRestAndEverythingElseToAll() {
        TestEvents batch = ProgressStreamIntegrationTests.running(ITEMS);
        awaitTotal(batch);
        List<SseClient> sampled = new ArrayList<>();
        try (SseClient full = SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch) + "?feed=full",
                Tokens.admin("full-viewer"))) {
            for (int viewer = 0; viewer < 5; viewer++) {
                sampled.add(SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch),
                        Tokens.admin("viewer-" + viewer)));
            }
            List<SseClient> everyone = new ArrayList<>(sampled);
            everyone.add(full);
            long start = System.nanoTime();
            publishBusyBatch(batch, everyone, full);
            everyone.forEach(viewer -> viewer.awaitEnd(WAIT));
            double seconds = (System.nanoTime() - start) / 1e9;

            for (SseClient viewer : everyone) {
                assertFinished(viewer);
                assertThat(viewer.events("batch.stage")).hasSize(1);
            }
            assertThat(items(full)).hasSize(2 * ITEMS);
            assertThat(full.events("feed.sampled")).isEmpty();
            long failures = ITEMS / FAILED_EVERY;
            for (SseClient viewer : sampled) {
                List<SseClient.Event> items = items(viewer);
                List<SseClient.Event> notices = viewer.events("feed.sampled");
                assertThat(viewer.events("feed.gap")).as("no queue overflowed").isEmpty();
                assertThat(notices).isNotEmpty();
                // each viewer's share of the fan-out (at least 4 viewers while crowded: 7 a second at most);
                // the bucket holds a second's worth: at most that for each second the run took, plus one
                int perViewer = FANOUT / (CROWD + 1);
                assertThat(items.size()).as("item events after %.1f s", seconds)
                        .isLessThanOrEqualTo((int) (perViewer * (seconds + 1)));
                assertThat(viewer.events("batch.progress").size()).as("snapshots after %.1f s", seconds)
                        .isLessThanOrEqualTo((int) (perViewer * (seconds + 1)) + 2);
                long leftOut = notices.stream().mapToLong(notice -> notice.json().path("skipped").asLong()).sum();
                assertThat(items.size() + leftOut).as("sent and counted").isEqualTo(2L * ITEMS);
                int viewers = notices.get(0).json().path("viewers").asInt();
                assertThat(viewers).isBetween(CROWD + 1, 6);
                assertThat(notices.get(0).json().path("itemsPerSecond").asInt()).isEqualTo(FANOUT / viewers);
                // failures come first: a larger share of them gets through than of completions
                long failed = viewer.events("item.failed").size();
                long completed = viewer.events("item.completed").size();
                assertThat(failed * (ITEMS - failures)).as("failures' share against completions'")
                        .isGreaterThan(completed * failures);
                assertIdsOnlyGrow(viewer);
            }
            resumeFromInsideTheSample(batch, sampled.get(0), full);
        } finally {
            sampled.forEach(SseClient::close);
        }
    }

    /**
     * An item event sent after left-out ones the viewer was not told of yet carries their count in
     * its id: a resume from it is told that count first, then gets everything after it, once.
     */
    private void resumeFromInsideTheSample(TestEvents batch, SseClient viewer, SseClient full) {
        List<SseClient.Event> events = viewer.events();
        SseClient.Event from = events.stream().filter(event -> event.name().startsWith("item.")
                && ResumeId.parse(event.id()).untold() > 0).findFirst().orElseThrow();
        ResumeId id = ResumeId.parse(from.id());
        long toldBefore = events.subList(0, events.indexOf(from)).stream()
                .filter(event -> event.name().equals("feed.sampled"))
                .mapToLong(notice -> notice.json().path("skipped").asLong()).sum();
        long sentUpTo = items(viewer).stream().filter(event -> offset(event) <= id.offset()).count();
        long allUpTo = items(full).stream().filter(event -> offset(event) <= id.offset()).count();
        assertThat(sentUpTo + toldBefore + id.untold()).as("sent, told and untold up to " + from.id()).isEqualTo(allUpTo);

        try (SseClient resumed = SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch),
                Tokens.admin("resumer"), "Last-Event-ID", from.id())) {
            resumed.awaitEnd(WAIT);
            SseClient.Event told = resumed.events("feed.sampled").get(0);
            assertThat(told.json().path("skipped").asLong()).isEqualTo(id.untold());
            assertThat(told.json().path("lastSkippedId").asString()).isEqualTo(String.valueOf(id.offset()));
            // a resume from the notice itself would not be told the count again
            assertThat(told.id()).isEqualTo(String.valueOf(id.offset()));
            assertThat(items(resumed).stream().map(CrowdedBatchIntegrationTests::offset).toList())
                    .isEqualTo(items(full).stream().map(CrowdedBatchIntegrationTests::offset)
                            .filter(offset -> offset > id.offset()).toList());
            assertFinished(resumed);
        }
    }

    private static long offset(SseClient.Event event) {
        return ResumeId.parse(event.id()).offset();
    }

    /**
     * The batch's last item events, left out a moment before its batch.completed: notices go out
     * once a second, but these are told before the batch event all the same, so the counts add up
     * by batch.complete, where the stream ends.
     */
    @Test
    void itemEventsLeftOutJustBeforeTheBatchEndsAreCountedBeforeBatchComplete() {
        int burst = 200;
        TestEvents batch = ProgressStreamIntegrationTests.running(burst);
        awaitTotal(batch);
        List<SseClient> viewers = new ArrayList<>();
        try {
            for (int viewer = 0; viewer < CROWD + 2; viewer++) {
                viewers.add(SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch),
                        Tokens.admin("viewer-" + viewer)));
            }
            viewers.forEach(viewer -> viewer.awaitEvent("batch.progress"));
            try (KafkaProducer<String, BatchEvent> producer = eventProducer()) {
                for (int index = 0; index < burst; index++) {
                    producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(),
                            batch.itemStarted(index, 1, 10 + index)));
                    producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(),
                            batch.completed(index, 1, 11 + index)));
                }
                producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), batch.finished(
                        BatchStatus.COMPLETED, null, burst, burst, 0, 20 + burst)));
            }
            viewers.forEach(viewer -> viewer.awaitEnd(WAIT));

            for (SseClient viewer : viewers) {
                List<SseClient.Event> events = viewer.events();
                assertThat(events.get(events.size() - 1).name()).isEqualTo("batch.complete");
                long leftOut = viewer.events("feed.sampled").stream()
                        .mapToLong(notice -> notice.json().path("skipped").asLong()).sum();
                assertThat(leftOut).as("left out").isPositive();
                assertThat(items(viewer).size() + leftOut).as("sent and counted").isEqualTo(2L * burst);
            }
        } finally {
            viewers.forEach(SseClient::close);
        }
    }

    @Test
    void atTheCrowdSizeEveryViewerStillGetsEveryItemEvent() {
        TestEvents batch = ProgressStreamIntegrationTests.running(ITEMS);
        awaitTotal(batch);
        List<SseClient> viewers = new ArrayList<>();
        try {
            for (int viewer = 0; viewer < CROWD; viewer++) {
                viewers.add(SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch),
                        Tokens.admin("viewer-" + viewer)));
            }
            publishBusyBatch(batch, viewers, viewers.get(0));
            viewers.forEach(viewer -> viewer.awaitEnd(WAIT));

            for (SseClient viewer : viewers) {
                assertFinished(viewer);
                assertThat(items(viewer)).hasSize(2 * ITEMS);
                assertThat(viewer.events("feed.sampled")).isEmpty();
                assertIdsOnlyGrow(viewer);
            }
        } finally {
            viewers.forEach(SseClient::close);
        }
    }

    @Test
    void anUnknownFeedShapeIsRefused() {
        TestEvents batch = ProgressStreamIntegrationTests.running(1);
        awaitTotal(batch);
        try (SseClient viewer = SseClient.connect(port, ProgressStreamIntegrationTests.progressPath(batch)
                + "?feed=everything", Tokens.admin("viewer"))) {
            assertThat(viewer.status()).isEqualTo(400);
            assertThat(viewer.errorBody().path("error").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        }
    }

    private void awaitTotal(TestEvents batch) {
        Awaitility.await().atMost(WAIT).until(() -> api.get("/api/v1/batches/" + batch.key() + "/snapshot",
                Tokens.admin("root")).json().path("data").path("total").asLong() > 0);
    }

    /**
     * Once every viewer has the stage event (it goes to all, like every batch event), every item of
     * the batch, every {@value #FAILED_EVERY}th failed, then its end. Items go out in chunks, each
     * once {@code pacer} (a viewer of the full feed) has the one before: the feed runs for a while
     * rather than in one poll, so the sampled viewers' limit a second and their notices come into play.
     */
    private static void publishBusyBatch(TestEvents batch, List<SseClient> viewers, SseClient pacer) {
        viewers.forEach(viewer -> viewer.awaitEvent("batch.progress"));
        publish(batch.stage("warming up", 6));
        viewers.forEach(viewer -> viewer.awaitEvent(event -> "batch.stage".equals(event.name()), WAIT));
        try (KafkaProducer<String, BatchEvent> producer = eventProducer()) {
            for (int index = 0; index < ITEMS; index++) {
                producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), batch.itemStarted(index, 1,
                        10 + index)));
                BatchEvent end = index % FAILED_EVERY == 0 ? batch.failed(index, 1, "UPSTREAM_TIMEOUT", 11 + index)
                        : batch.completed(index, 1, 11 + index);
                producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), end));
                if ((index + 1) % CHUNK == 0) {
                    producer.flush();
                    int sent = 2 * (index + 1);
                    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                            .until(() -> items(pacer).size() >= sent);
                }
            }
            long failed = ITEMS / FAILED_EVERY;
            producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), batch.finished(
                    BatchStatus.COMPLETED_WITH_ERRORS, null, ITEMS, ITEMS - failed, failed, 20 + ITEMS)));
        }
    }

    /** Writes batch-events records for a test to send in bursts of its own. */
    private static KafkaProducer<String, BatchEvent> eventProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new BatchEventSerde());
    }

    /** The final snapshot's exact counts, then batch.complete as the last event. */
    private static void assertFinished(SseClient viewer) {
        List<SseClient.Event> events = viewer.events();
        SseClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("batch.complete");
        assertThat(last.json().path("totalCompleted").asLong()).isEqualTo(ITEMS - ITEMS / FAILED_EVERY);
        assertThat(last.json().path("totalFailed").asLong()).isEqualTo(ITEMS / FAILED_EVERY);
        List<SseClient.Event> snapshots = viewer.events("batch.progress");
        SseClient.Event finalSnapshot = snapshots.get(snapshots.size() - 1);
        assertThat(finalSnapshot.json().path("completed").asLong()).isEqualTo(ITEMS - ITEMS / FAILED_EVERY);
        assertThat(finalSnapshot.json().path("status").asString()).isEqualTo("completed_with_errors");
    }

    private static List<SseClient.Event> items(SseClient viewer) {
        return viewer.events().stream().filter(event -> event.name().startsWith("item.")).toList();
    }

    /** Item events and notices carry their own ids: each later than the one before, none twice. */
    private static void assertIdsOnlyGrow(SseClient viewer) {
        long previous = -1;
        for (SseClient.Event event : viewer.events()) {
            if (event.name().startsWith("item.") || event.name().equals("feed.sampled")) {
                long id = offset(event);
                assertThat(id).as("id of %s", event.name()).isGreaterThan(previous);
                previous = id;
            }
        }
    }
}
