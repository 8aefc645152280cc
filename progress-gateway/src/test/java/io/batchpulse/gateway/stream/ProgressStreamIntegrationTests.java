package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The SSE stream as a viewer sees it, fed by events the test publishes on batch-events. */
class ProgressStreamIntegrationTests extends GatewayIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void streamAnswersWithSseHeadersAndStartsWithTheCurrentSnapshot() {
        TestEvents batch = running(10);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 10);

        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(stream.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            SseClient.Event first = stream.awaitEvent(event -> true, WAIT);
            assertThat(first.name()).isEqualTo("batch.progress");
            assertThat(first.retry()).isEqualTo(3000L);
            assertThat(first.id()).isNotNull();
            JsonNode snapshot = first.json();
            assertThat(Long.parseLong(first.id())).isEqualTo(snapshot.path("sourceOffset").asLong());
            assertThat(snapshot.path("batchId").asString()).isEqualTo(batch.key());
            assertThat(snapshot.path("status").asString()).isEqualTo("running");
            assertThat(snapshot.path("total").asLong()).isEqualTo(10);
            assertThat(snapshot.path("pending").asLong()).isEqualTo(10);
            assertThat(snapshot.has("eta_seconds")).isTrue();
            assertThat(snapshot.path("configRecap").path("processor").asString()).isEqualTo("simulated");
        }
    }

    @Test
    void itemEventsCarryTheStoryFieldsAndProgressMathFollowsTheLastTenCompletions() {
        TestEvents batch = running(100);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 100);
        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            stream.awaitEvent("batch.progress");
            List<BatchEvent> events = new ArrayList<>();
            // two slow completions, then ten at 100 ms apart: the rolling rate is 10/s, not the average
            long[] finishedAt = {1_000, 5_000, 5_100, 5_200, 5_300, 5_400, 5_500, 5_600, 5_700, 5_800, 5_900, 6_000};
            for (int index = 0; index < finishedAt.length; index++) {
                events.add(batch.itemStarted(index, 1, finishedAt[index] - 50));
                events.add(batch.completed(index, 1, finishedAt[index], 0.5 + index, 40));
            }
            events.add(batch.itemStarted(12, 1, 6_010));
            events.add(batch.failed(12, 1, "VALIDATION_FAILED", 6_050));
            publish(events.toArray(BatchEvent[]::new));

            JsonNode started = stream.awaitEvent("item.started").json();
            assertThat(started.path("itemId").asString()).isEqualTo(batch.item(0).toString());
            assertThat(started.path("index").asLong()).isZero();
            assertThat(started.path("total").asLong()).isEqualTo(100);
            assertThat(started.path("timestamp").asString()).isEqualTo("2026-03-01T10:00:00.950Z");
            assertThat(started.path("label").asString()).isEqualTo("item-0");
            assertThat(started.path("attempt").asInt()).isEqualTo(1);
            JsonNode completed = stream.awaitEvent("item.completed").json();
            assertThat(completed.path("itemId").asString()).isEqualTo(batch.item(0).toString());
            assertThat(completed.path("total").asLong()).isEqualTo(100);
            assertThat(completed.path("score").asDouble()).isEqualTo(0.5);
            assertThat(completed.path("summary").asString()).isEqualTo("annual return 0.5");
            assertThat(completed.path("timestamp").asString()).isEqualTo("2026-03-01T10:00:01Z");
            JsonNode failed = stream.awaitEvent("item.failed").json();
            assertThat(failed.path("index").asLong()).isEqualTo(12);
            assertThat(failed.path("error").asString()).isEqualTo("VALIDATION_FAILED: failed: VALIDATION_FAILED");
            assertThat(failed.path("code").asString()).isEqualTo("VALIDATION_FAILED");
            assertThat(failed.path("retryable").asBoolean()).isFalse();
            assertThat(failed.path("timestamp").asString()).isEqualTo("2026-03-01T10:00:06.050Z");

            JsonNode progress = stream.awaitEvent(event -> "batch.progress".equals(event.name())
                    && event.json().path("failed").asLong() == 1, WAIT).json();
            assertThat(progress.path("completed").asLong()).isEqualTo(12);
            assertThat(progress.path("pending").asLong()).isEqualTo(87);
            assertThat(progress.path("inProgress").asLong()).isZero();
            assertThat(progress.path("progress").asDouble()).isEqualTo(0.13);
            assertThat(progress.path("percentage").asDouble()).isEqualTo(13.0);
            // last ten finished: 5,200 .. 6,000 completions and the 6,050 failure: 9 intervals over 850 ms
            assertThat(progress.path("throughputPerSec").asDouble()).isEqualTo(10.59);
            assertThat(progress.path("etaSeconds").asLong()).isEqualTo(9);
            assertThat(progress.path("eta_seconds").asLong()).isEqualTo(9);
            assertThat(progress.path("bestSoFar").path("score").asDouble()).isEqualTo(11.5);
            assertThat(progress.path("recentErrors").get(0).path("code").asString()).isEqualTo("VALIDATION_FAILED");
            assertThat(progress.path("elapsedMs").asLong()).isEqualTo(6_045);
        }
    }

    @Test
    void theEndOfABatchSendsTheFinalSnapshotThenBatchCompleteAndCloses() {
        TestEvents batch = running(2);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 2);
        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            stream.awaitEvent("batch.progress");
            publish(batch.itemStarted(0, 1, 100), batch.completed(0, 1, 600), batch.itemStarted(1, 1, 700),
                    batch.failed(1, 1, "UPSTREAM_TIMEOUT", 1_005),
                    batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 2, 1, 1, 2_005));

            stream.awaitEnd(WAIT);

            List<SseClient.Event> events = stream.events();
            SseClient.Event last = events.get(events.size() - 1);
            SseClient.Event beforeLast = events.get(events.size() - 2);
            assertThat(last.name()).isEqualTo("batch.complete");
            assertThat(beforeLast.name()).isEqualTo("batch.progress");
            assertThat(beforeLast.json().path("status").asString()).isEqualTo("completed_with_errors");
            JsonNode complete = last.json();
            assertThat(complete.path("totalCompleted").asLong()).isEqualTo(1);
            assertThat(complete.path("totalFailed").asLong()).isEqualTo(1);
            assertThat(complete.path("duration_ms").asLong()).isEqualTo(2_000);
            assertThat(complete.path("throughput").asDouble()).isEqualTo(0.5);
            assertThat(complete.path("status").asString()).isEqualTo("completed_with_errors");
            assertThat(stream.events("item.completed")).hasSize(1);
            assertThat(stream.events("item.failed")).hasSize(1);
        }
    }

    @Test
    void aFinishedBatchAnswersWithItsFinalSnapshotAndCompleteAtOnce() {
        TestEvents batch = completedBatchOfOne();

        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            stream.awaitEnd(Duration.ofSeconds(10));

            // the snapshot first, always (a heartbeat came first once, on a loaded CI machine); a
            // heartbeat may still fall between the two when the machine is slow (the test's interval is short)
            assertThat(stream.events().get(0).name()).isEqualTo("batch.progress");
            List<SseClient.Event> events = stream.events().stream()
                    .filter(event -> !event.name().equals("heartbeat")).toList();
            assertThat(events).extracting(SseClient.Event::name).containsExactly("batch.progress", "batch.complete");
            assertThat(events.get(1).json().path("throughput").asDouble()).isEqualTo(1.0);
        }
    }

    /**
     * RELIABILITY.md, bad inputs: a tombstone, or another batch's event, under a watched batch's key
     * reaches none of its viewers (I7) and does not stop the live feed.
     */
    @Test
    void aTombstoneOrAnotherBatchsEventUnderAWatchedKeyReachesNoViewerAndTheFeedGoesOn() {
        TestEvents batch = running(3);
        TestEvents other = running(3);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 3);
        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            stream.awaitEvent("batch.progress");

            publishRaw(batch.key(), null);
            publishRaw(batch.key(), new BatchEventSerde().serialize(TOPICS.batchEvents(),
                    other.failed(0, 1, "SECRET", "other batch's error", 20)));
            publish(batch.itemStarted(0, 1, 30), batch.completed(0, 1, 100));

            stream.awaitEvent("item.completed");
            assertThat(stream.events()).filteredOn(e -> e.name().startsWith("item."))
                    .extracting(e -> e.json().path("itemId").asString())
                    .containsExactly(batch.item(0).toString(), batch.item(0).toString());
            assertThat(stream.events()).noneMatch(e -> e.json().toString().contains("SECRET"));
        }
    }

    /** RELIABILITY.md, bad inputs: a Last-Event-ID that is no id of ours starts a fresh stream, never a scan. */
    @Test
    void aGarbageLastEventIdStartsAFreshStreamWithTheSnapshot() {
        TestEvents batch = completedBatchOfOne();

        for (String garbage : List.of("garbage", "-5", "9".repeat(40), "1e9", "0x10")) {
            try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"), "Last-Event-ID",
                    garbage)) {
                stream.awaitEnd(Duration.ofSeconds(10));

                assertThat(stream.status()).as(garbage).isEqualTo(200);
                assertThat(stream.events().get(0).name()).as(garbage).isEqualTo("batch.progress");
                // a heartbeat may fall between the two when the machine is slow
                assertThat(stream.events()).as(garbage).extracting(SseClient.Event::name)
                        .filteredOn(name -> !name.equals("heartbeat"))
                        .containsExactly("batch.progress", "batch.complete");
            }
        }
    }

    @Test
    void pauseResumeAndCancelReachViewersAndCancelEndsTheStream() {
        TestEvents batch = running(3);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 3);
        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            stream.awaitEvent("batch.progress");
            publish(batch.paused("USER", 100), batch.resumed(200), batch.cancelled(3, 300));

            stream.awaitEnd(WAIT);

            assertThat(stream.awaitEvent("batch.paused").json().path("reason").asString()).isEqualTo("USER");
            assertThat(stream.awaitEvent("batch.resumed").json().path("status").asString()).isEqualTo("running");
            assertThat(stream.awaitEvent("batch.cancelled").json().path("cancelledItems").asLong()).isEqualTo(3);
            List<SseClient.Event> events = stream.events();
            assertThat(events.get(events.size() - 1).name()).isEqualTo("batch.complete");
            assertThat(events.get(events.size() - 1).json().path("totalCancelled").asLong()).isEqualTo(3);
            // ids never go back, so a reconnect never asks for something twice
            List<Long> ids = events.stream().filter(e -> e.id() != null).map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).isSorted();
        }
    }

    @Test
    void duplicatedAndOutOfOrderEventsLeaveCountsExact() {
        TestEvents batch = running(4);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 4);
        publish(
                batch.dispatched(0, 1, 10), batch.completed(0, 1, 50), batch.itemStarted(0, 1, 20),
                batch.completed(0, 1, 50),
                batch.dispatched(1, 1, 10), batch.itemStarted(1, 1, 15), batch.retrying(1, 1, 30),
                batch.dispatched(1, 2, 40), batch.completed(1, 2, 90), batch.failed(1, 1, "LATE", 95),
                batch.dispatched(2, 1, 10), batch.failed(2, 1, "BAD", 60), batch.completed(2, 1, 70),
                batch.failed(2, 1, "BAD", 60),
                batch.dispatched(3, 1, 10), batch.itemStarted(3, 1, 20), batch.itemStarted(3, 1, 20));

        JsonNode snapshot = awaitSnapshot(batch, s -> s.path("completed").asLong() == 2
                && s.path("failed").asLong() == 1 && s.path("inProgress").asLong() == 1);

        assertThat(snapshot.path("pending").asLong()).isZero();
        assertThat(snapshot.path("cancelled").asLong()).isZero();
        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            JsonNode first = stream.awaitEvent("batch.progress").json();
            assertThat(first.path("completed").asLong()).isEqualTo(2);
            assertThat(first.path("failed").asLong()).isEqualTo(1);
            assertThat(first.path("inProgress").asLong()).isEqualTo(1);
        }
    }

    @Test
    void heartbeatsArriveAtTheConfiguredInterval() {
        TestEvents batch = running(1);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 1);
        try (SseClient stream = SseClient.open(port, progressPath(batch), Tokens.user("amara"))) {
            Awaitility.await().atMost(WAIT).until(() -> stream.events("heartbeat").size() >= 4);

            List<SseClient.Event> beats = stream.events("heartbeat");
            assertThat(beats.get(0).data()).isEqualTo("{}");
            // a heartbeat carries no id: the Last-Event-ID a reconnect would send stays where it was
            int firstBeat = stream.events().indexOf(beats.get(0));
            assertThat(beats.get(0).id()).isEqualTo(stream.events().get(firstBeat - 1).id());
            for (int i = 1; i < 4; i++) {
                long gapMs = (beats.get(i).receivedNanos() - beats.get(i - 1).receivedNanos()) / 1_000_000;
                assertThat(gapMs).isBetween(HEARTBEAT.toMillis() / 2, HEARTBEAT.toMillis() * 2);
            }
        }
    }

    @Test
    void refusalsComeAsJsonBeforeAnyEvent() {
        TestEvents batch = running(1);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 1);

        assertRefused(SseClient.connect(port, progressPath(batch), null), 401, "UNAUTHORIZED");
        assertRefused(SseClient.connect(port, progressPath(batch), Tokens.forged("amara")), 401, "UNAUTHORIZED");
        assertRefused(SseClient.connect(port, progressPath(batch), Tokens.expired("amara")), 401, "UNAUTHORIZED");
        // someone else's batch: the answer for one that is not there (its snapshot names its owner)
        assertRefused(SseClient.connect(port, progressPath(batch), Tokens.user("mallory")), 404, "NOT_FOUND");
        assertRefused(SseClient.connect(port, "/api/v1/batches/" + UUID.randomUUID() + "/progress",
                Tokens.user("amara")), 404, "NOT_FOUND");
        assertThat(api.get("/api/v1/batches/" + batch.key() + "/snapshot", Tokens.user("mallory")).status())
                .isEqualTo(404);
    }

    @Test
    void aUserWithTooManyOpenStreamsGets429UntilOneCloses() {
        TestEvents batch = running(1);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 1);
        String token = Tokens.admin("watcher-" + UUID.randomUUID());
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                streams.add(SseClient.open(port, progressPath(batch), token));
                assertThat(streams.get(i).status()).isEqualTo(200);
            }
            assertRefused(SseClient.connect(port, progressPath(batch), token), 429, "TOO_MANY_STREAMS");

            streams.remove(0).close();

            // the server notices a closed client at its next write (a heartbeat at the latest)
            Awaitility.await().atMost(WAIT).until(() -> {
                SseClient again = SseClient.connect(port, progressPath(batch), token);
                if (again.status() == 200) {
                    streams.add(again);
                    return true;
                }
                again.close();
                return false;
            });
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void snapshotEndpointAndBatchReadCarryTheSnapshot() {
        TestEvents batch = running(5);
        JsonNode snapshot = awaitSnapshot(batch, s -> s.path("total").asLong() == 5);
        orchestrator.put(batch.batchId, "amara", 5);

        Api.Response details = api.get("/api/v1/batches/" + batch.key(), Tokens.user("amara"));

        assertThat(snapshot.path("owner").asString()).isEqualTo("amara");
        assertThat(snapshot.path("name").asString()).isEqualTo("Sweep NVDA/TSLA");
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.json().path("data").path("snapshot").path("total").asLong()).isEqualTo(5);
        assertThat(details.json().path("data").path("snapshot").path("status").asString()).isEqualTo("running");
    }

    @Test
    void stageEventsReachViewersAsBatchStageAndAResumedStreamReplaysThem() {
        TestEvents batch = running(10);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 10);
        String token = Tokens.user("amara");
        String lastSeen;
        try (SseClient stream = SseClient.open(port, progressPath(batch), token)) {
            lastSeen = stream.awaitEvent("batch.progress").id();
            publish(batch.stage("queued", "10 items queued", null, 10),
                    batch.stage("processing", "Processing 10 items", 0.0, 20),
                    batch.stage("processing", "Processed 5 of 10 items", 50.0, 30));

            Awaitility.await().atMost(WAIT).until(() -> stream.events("batch.stage").size() == 3);
            List<SseClient.Event> stages = stream.events("batch.stage");
            assertThat(stages).extracting(event -> event.json().path("stage").asString())
                    .containsExactly("queued", "processing", "processing");
            JsonNode last = stages.get(2).json();
            assertThat(last.path("message").asString()).isEqualTo("Processed 5 of 10 items");
            assertThat(last.path("percentage").asDouble()).isEqualTo(50.0);
            assertThat(last.path("occurredAt").asString()).isEqualTo("2026-03-01T10:00:00.030Z");
            assertThat(stages.get(0).json().path("percentage").isNull()).isTrue();
            assertThat(stages).allSatisfy(event -> assertThat(event.id()).isNotNull());
            // each carries an id of its own (the client keeps the last one across events without)
            assertThat(stages).extracting(event -> Long.parseLong(event.id())).isSorted().doesNotHaveDuplicates();
        }
        JsonNode snapshot = awaitSnapshot(batch, s -> "Processed 5 of 10 items".equals(s.path("stageMessage").asString()));
        assertThat(snapshot.path("stage").asString()).isEqualTo("processing");
        assertThat(snapshot.path("stagePercentage").asDouble()).isEqualTo(50.0);

        try (SseClient resumed = SseClient.open(port, progressPath(batch), token, "Last-Event-ID", lastSeen)) {
            Awaitility.await().atMost(WAIT).until(() -> resumed.events("batch.stage").size() == 3);
            assertThat(resumed.events("batch.stage")).extracting(event -> event.json().path("message").asString())
                    .containsExactly("10 items queued", "Processing 10 items", "Processed 5 of 10 items");
        }
    }

    @Test
    void viewersResumingBehindTheLiveFeedShareReplaysAndEachGetsEveryEventOnceThenTheEnd() {
        TestEvents[] batches = {running(30), running(30)};
        long[] resumeFrom = new long[batches.length];
        for (int b = 0; b < batches.length; b++) {
            resumeFrom[b] = awaitSnapshot(batches[b], s -> s.path("total").asLong() == 30).path("sourceOffset").asLong();
        }
        List<BatchEvent> events = new ArrayList<>();
        for (int index = 0; index < 30; index++) {
            for (TestEvents batch : batches) {
                events.add(batch.itemStarted(index, 1, 100 + index));
                events.add(batch.completed(index, 1, 150 + index));
            }
        }
        publish(events.toArray(BatchEvent[]::new));
        for (TestEvents batch : batches) {
            awaitSnapshot(batch, s -> s.path("completed").asLong() == 30);
        }

        // six admins with their four streams each: twelve viewers per batch, all behind the feed
        List<SseClient> viewers = new ArrayList<>();
        List<TestEvents> watched = new ArrayList<>();
        try {
            for (int user = 0; user < 6; user++) {
                for (int stream = 0; stream < MAX_STREAMS; stream++) {
                    int b = stream % batches.length;
                    viewers.add(SseClient.open(port, progressPath(batches[b]), Tokens.admin("root-" + user),
                            "Last-Event-ID", String.valueOf(resumeFrom[b])));
                    watched.add(batches[b]);
                }
            }
            assertThat(viewers).extracting(SseClient::status).containsOnly(200);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(viewers).allSatisfy(viewer ->
                    assertThat(viewer.events("item.completed")).as("%s", viewer).hasSizeGreaterThanOrEqualTo(30)));
            for (TestEvents batch : batches) {
                publish(batch.finished(BatchStatus.COMPLETED, null, 30, 30, 0, 1_000));
            }
            for (int v = 0; v < viewers.size(); v++) {
                SseClient viewer = viewers.get(v);
                TestEvents batch = watched.get(v);
                viewer.awaitEnd(WAIT);
                assertThat(viewer.events("item.completed")).extracting(event -> event.json().path("itemId").asString())
                        .containsExactlyElementsOf(LongStream.range(0, 30).mapToObj(index -> batch.item(index).toString())
                                .toList());
                assertThat(viewer.events("item.started")).hasSize(30);
                assertThat(viewer.events().get(viewer.events().size() - 1).name()).isEqualTo("batch.complete");
            }
        } finally {
            viewers.forEach(SseClient::close);
        }
    }

    /**
     * Streams that end (their viewers left) while new ones open: the container recycles an ended
     * request's objects for a new connection, and a writer still holding the old ones must not
     * write to or complete the new stream (it used to: a new viewer got its headers and then an
     * empty, closed body).
     */
    @Test
    void viewersOpeningWhileOthersLeaveEachGetTheirOwnStream() {
        TestEvents batch = running(5);
        awaitSnapshot(batch, s -> s.path("total").asLong() == 5);
        List<SseClient> leaving = List.of();
        try {
            for (int round = 0; round < 20; round++) {
                List<SseClient> viewers = new ArrayList<>();
                leaving.forEach(SseClient::close);
                for (int viewer = 0; viewer < 12; viewer++) {
                    viewers.add(SseClient.open(port, progressPath(batch), Tokens.admin("churn-" + round + "-" + viewer)));
                }
                leaving = viewers;
                Awaitility.await().atMost(WAIT)
                        .failFast("a stream ended before its first event", () -> viewers.stream()
                                .anyMatch(viewer -> viewer.ended() && viewer.events().isEmpty()))
                        .untilAsserted(() -> assertThat(viewers).allSatisfy(viewer ->
                                assertThat(viewer.events("batch.progress")).as("%s", viewer).isNotEmpty()));
            }
        } finally {
            leaving.forEach(SseClient::close);
        }
    }

    @Test
    void theBatchReadCarriesStageSourceAndDurationsThatAddUp() {
        TestEvents batch = new TestEvents();
        publish(batch.created(60_000), batch.stage("uploading", "Uploaded items.jsonl: 2 chunks (1.50 MB)", 100.0, 0),
                batch.stage("parsing", "Parsing 10 items", 0.0, 60_010), batch.started(10, 61_000),
                batch.stage("queued", "10 items queued", null, 61_000),
                batch.stage("processing", "Processing 10 items", null, 61_500));
        awaitSnapshot(batch, s -> "processing".equals(s.path("stage").asString()));
        BatchView view = orchestrator.put(batch.batchId, "amara", 10);
        FileSource source = new FileSource(UUID.randomUUID(), "items.jsonl", "jsonl", 1_500_000, 2, TestEvents.at(0),
                TestEvents.at(59_000), 10, 1, List.of(new FileSource.LineError(4, "payload: must not be null")));
        orchestrator.put(new BatchView(view.id(), view.name(), view.owner(), view.status(), null, view.processor(),
                view.config(), view.options(), 10, 10, 0, 0, 0, 0, view.createdAt(), view.startedAt(), null,
                "processing", source));

        JsonNode details = api.get("/api/v1/batches/" + batch.key(), Tokens.user("amara")).json().path("data");

        assertThat(details.path("stage").asString()).isEqualTo("processing");
        assertThat(details.path("source").path("invalidLineSample").get(0).path("line").asLong()).isEqualTo(4);
        JsonNode durations = details.path("durations");
        assertThat(durations.path("uploadMs").asLong()).isEqualTo(60_010);
        assertThat(durations.path("parseMs").asLong()).isEqualTo(990);
        assertThat(durations.path("queuedMs").asLong()).isEqualTo(500);
        assertThat(durations.path("processingMs").asLong()).isZero();
        assertThat(durations.path("finalizingMs").isNull()).isTrue();
        assertThat(durations.path("totalMs").asLong()).isEqualTo(60_010 + 990 + 500);
    }

    private void assertRefused(SseClient refused, int status, String code) {
        try (refused) {
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(refused.errorBody().path("error").path("code").asString()).isEqualTo(code);
        }
    }

    /** A created and started batch of {@code total} items, owned by amara. */
    static TestEvents running(long total) {
        TestEvents batch = new TestEvents();
        publish(batch.created(0), batch.started(total, 5));
        return batch;
    }

    /** A one-item batch that completed, once its final snapshot can be read. */
    private TestEvents completedBatchOfOne() {
        TestEvents batch = running(1);
        publish(batch.itemStarted(0, 1, 10), batch.completed(0, 1, 1_005),
                batch.finished(BatchStatus.COMPLETED, null, 1, 1, 0, 1_005));
        awaitSnapshot(batch, s -> s.path("status").asString().equals("completed"));
        return batch;
    }

    static String progressPath(TestEvents batch) {
        return "/api/v1/batches/" + batch.key() + "/progress";
    }

    JsonNode awaitSnapshot(TestEvents batch, Predicate<JsonNode> condition) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Api.Response answer = api.get("/api/v1/batches/" + batch.key() + "/snapshot", Tokens.admin("root"));
            if (answer.status() != 200) {
                return false;
            }
            found[0] = answer.json().path("data");
            return found[0].path("version").asLong() > 0 && condition.test(found[0]);
        });
        return found[0];
    }
}
