package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.progress.QueuePlace;
import io.batchpulse.events.progress.RecentError;
import io.batchpulse.events.progress.StageSpan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTopologyTests {

    @TempDir
    Path stateDir;

    private ProgressDriver driver;
    private final TestEvents batch = new TestEvents();

    @BeforeEach
    void startDriver() {
        driver = new ProgressDriver(stateDir);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void countsAreExactWhenEventsAreDuplicated() {
        BatchEvent started = batch.started(5, 10);
        driver.pipe(batch.key(), batch.created(0), started);
        for (int index = 0; index < 5; index++) {
            for (BatchEvent event : List.of(batch.dispatched(index, 1, 20), batch.itemStarted(index, 1, 30),
                    batch.completed(index, 1, 100 + index))) {
                driver.pipe(batch.key(), event, event);
            }
        }
        ProgressSnapshot snapshot = driver.latest();
        // a second final event of the same attempt, with its own event id, is a duplicate too
        driver.pipe(batch.key(), batch.completed(0, 1, 500), batch.failed(1, 1, "LATE", 501), started);

        assertThat(driver.snapshots()).isEmpty();
        assertThat(snapshot.completed()).isEqualTo(5);
        assertThat(snapshot.pending()).isZero();
        assertThat(snapshot.inProgress()).isZero();
        assertThat(snapshot.failed()).isZero();
        assertThat(snapshot.percentage()).isEqualTo(100.0);
        assertThat(snapshot.version()).isEqualTo(2 + 5 * 3);
    }

    @Test
    void lateResultOfOlderAttemptDoesNotMoveCounts() {
        driver.pipe(batch.key(), batch.started(1, 0), batch.dispatched(0, 1, 10), batch.itemStarted(0, 1, 20),
                batch.retrying(0, 1, 30), batch.dispatched(0, 2, 300), batch.itemStarted(0, 2, 310));
        ProgressSnapshot running = driver.latest();

        driver.pipe(batch.key(), batch.completed(0, 1, 400), batch.failed(0, 1, "LEASE_EXPIRED", 410));

        assertThat(driver.snapshots()).isEmpty();
        assertThat(running.inProgress()).isEqualTo(1);
        assertThat(running.completed()).isZero();
        driver.pipe(batch.key(), batch.completed(0, 2, 500));
        assertThat(driver.latest()).extracting(ProgressSnapshot::completed, ProgressSnapshot::inProgress)
                .containsExactly(1L, 0L);
    }

    @Test
    void outOfOrderCompletedBeforeStartedCountsOnce() {
        driver.pipe(batch.key(), batch.started(2, 0), batch.dispatched(0, 1, 10), batch.completed(0, 1, 50));
        ProgressSnapshot afterCompleted = driver.latest();

        driver.pipe(batch.key(), batch.itemStarted(0, 1, 20), batch.dispatched(0, 1, 10));

        assertThat(driver.snapshots()).isEmpty();
        assertThat(afterCompleted.completed()).isEqualTo(1);
        assertThat(afterCompleted.inProgress()).isZero();
        assertThat(afterCompleted.pending()).isEqualTo(1);
        assertThat(afterCompleted.current()).isEmpty();
    }

    @Test
    void throughputIsRollingOverLastTenCompletions() {
        driver.pipe(batch.key(), batch.started(30, 0));
        IntStream.range(0, 10).forEach(i -> driver.pipe(batch.key(), batch.completed(i, 1, 1000 + 100L * i)));
        assertThat(driver.latest().throughputPerSec()).isEqualTo(10.0);

        IntStream.range(10, 15).forEach(i -> driver.pipe(batch.key(), batch.completed(i, 1, 1950 + 50L * (i - 10))));

        // the window now holds 1500..1900 and 1950..2150: 9 intervals over 650 ms, not 14 over 1150 ms
        assertThat(driver.latest().throughputPerSec()).isEqualTo(13.85);
    }

    @Test
    void etaIsNullUntilTwoCompletionsThenRemainingOverRate() {
        driver.pipe(batch.key(), batch.started(10, 0), batch.completed(0, 1, 1000));
        assertThat(driver.latest().etaSeconds()).isNull();

        driver.pipe(batch.key(), batch.completed(1, 1, 1500));
        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.throughputPerSec()).isEqualTo(2.0);
        assertThat(snapshot.etaSeconds()).isEqualTo(4L);
        driver.pipe(batch.key(), batch.paused("USER", 1600));
        assertThat(driver.latest().etaSeconds()).isNull();
    }

    @Test
    void bestSoFarFollowsHighestScore() {
        driver.pipe(batch.key(), batch.started(5, 0), batch.completed(0, 1, 10, 0.3, 20),
                batch.completed(1, 1, 20, 0.9, 20), batch.completed(2, 1, 30, 0.5, 20),
                batch.completed(3, 1, 40, null, 20), batch.completed(4, 1, 50, 0.9, 20));

        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.bestSoFar().itemId()).isEqualTo(batch.item(1));
        assertThat(snapshot.bestSoFar().label()).isEqualTo("item-1");
        assertThat(snapshot.bestSoFar().score()).isEqualTo(0.9);
        assertThat(snapshot.bestSoFar().summary()).isEqualTo("annual return 0.9");
    }

    @Test
    void recentErrorsKeepsLastFive() {
        driver.pipe(batch.key(), batch.started(7, 0));
        IntStream.range(0, 7).forEach(i -> driver.pipe(batch.key(), batch.failed(i, 1, "E" + i, 10L + i)));

        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.failed()).isEqualTo(7);
        assertThat(snapshot.recentErrors()).extracting(RecentError::index).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(snapshot.recentErrors().get(4)).extracting(RecentError::itemId, RecentError::code,
                RecentError::message).containsExactly(batch.item(6), "E6", "failed: E6");
    }

    @Test
    void stagesRecordStartAndEnd() {
        driver.pipe(batch.key(), batch.created(0), batch.stage("queued", 0), batch.started(1, 100),
                batch.stage("processing", 100), batch.stage("processing", 300), batch.completed(0, 1, 400),
                batch.stage("finalizing", 500));
        driver.pipe(batch.key(), batch.finished(BatchStatus.COMPLETED, null, 1, 1, 0, 700));

        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.stage()).isEqualTo("finalizing");
        assertThat(snapshot.stages()).containsExactly(
                new StageSpan("queued", TestEvents.at(0), TestEvents.at(100)),
                new StageSpan("processing", TestEvents.at(100), TestEvents.at(500)),
                new StageSpan("finalizing", TestEvents.at(500), TestEvents.at(700)));
    }

    @Test
    void aRepeatedStageUpdatesItsMessageAndPercentageWithoutANewSpan() {
        driver.pipe(batch.key(), batch.created(0), batch.stage("parsing", "Parsing 1,000 items", 0.0, 10),
                batch.stage("parsing", "Parsed 200 of 1,000 items", 20.0, 20));

        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.stage()).isEqualTo("parsing");
        assertThat(snapshot.stageMessage()).isEqualTo("Parsed 200 of 1,000 items");
        assertThat(snapshot.stagePercentage()).isEqualTo(20.0);
        assertThat(snapshot.stages()).containsExactly(new StageSpan("parsing", TestEvents.at(10), null));

        driver.pipe(batch.key(), batch.stage("queued", "1,000 items queued", null, 30));

        ProgressSnapshot queued = driver.latest();
        assertThat(queued.stageMessage()).isEqualTo("1,000 items queued");
        assertThat(queued.stagePercentage()).isNull();
    }

    @Test
    void theUploadingStageStartsBeforeTheBatchWasCreatedAndTheStagesStayInTimeOrder() {
        driver.pipe(batch.key(), batch.created(60_000),
                batch.stage("uploading", "Uploaded items.jsonl: 3 chunks (150.00 MB)", 100.0, 0),
                batch.stage("parsing", "Parsing 1,000 items", 0.0, 60_010),
                batch.started(1_000, 90_000), batch.stage("queued", 90_000));

        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.stages()).containsExactly(
                new StageSpan("uploading", TestEvents.at(0), TestEvents.at(60_010)),
                new StageSpan("parsing", TestEvents.at(60_010), TestEvents.at(90_000)),
                new StageSpan("queued", TestEvents.at(90_000), null));
        assertThat(snapshot.createdAt()).isEqualTo(TestEvents.at(60_000));
    }

    @Test
    void aStageThatArrivesAfterALaterOneIsPlacedWhereItsTimePutsIt() {
        driver.pipe(batch.key(), batch.created(0), batch.stage("parsing", "Parsing", 0.0, 5_000),
                batch.stage("uploading", "Uploaded", 100.0, 1_000));

        ProgressSnapshot snapshot = driver.latest();

        assertThat(snapshot.stage()).isEqualTo("parsing");
        assertThat(snapshot.stageMessage()).isEqualTo("Parsing");
        assertThat(snapshot.stages()).containsExactly(
                new StageSpan("uploading", TestEvents.at(1_000), TestEvents.at(5_000)),
                new StageSpan("parsing", TestEvents.at(5_000), null));
    }

    @Test
    void pausedAndCompletedStatusesFollowBatchEvents() {
        driver.pipe(batch.key(), batch.created(0));
        assertThat(driver.latest()).extracting(ProgressSnapshot::status, ProgressSnapshot::name,
                ProgressSnapshot::owner).containsExactly(BatchStatus.CREATED, "Sweep NVDA/TSLA", "amara");

        driver.pipe(batch.key(), batch.started(3, 100), batch.completed(0, 1, 200));
        assertThat(driver.latest().status()).isEqualTo(BatchStatus.RUNNING);

        driver.pipe(batch.key(), batch.paused("FAILURE_THRESHOLD", 300));
        assertThat(driver.latest()).extracting(ProgressSnapshot::status, ProgressSnapshot::statusReason)
                .containsExactly(BatchStatus.PAUSED, "FAILURE_THRESHOLD");

        driver.pipe(batch.key(), batch.resumed(400), batch.completed(1, 1, 500), batch.failed(2, 1, "BAD", 600));
        assertThat(driver.latest()).extracting(ProgressSnapshot::status, ProgressSnapshot::statusReason)
                .containsExactly(BatchStatus.RUNNING, null);

        driver.pipe(batch.key(), batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 3, 2, 1, 700));
        ProgressSnapshot done = driver.latest();
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(done.finishedAt()).isEqualTo(TestEvents.at(700));
        assertThat(done.elapsedMs()).isEqualTo(600);
        assertThat(done.etaSeconds()).isZero();
        assertThat(done.configRecap().processor()).isEqualTo("simulated");
        assertThat(done.configRecap().deadline()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void cancelCountsWaitingItemsAsCancelledAndKeepsFinishedOnes() {
        driver.pipe(batch.key(), batch.started(10, 0), batch.completed(0, 1, 10), batch.dispatched(1, 1, 20),
                batch.retrying(1, 1, 30), batch.dispatched(2, 1, 40), batch.cancelled(8, 50));
        ProgressSnapshot cancelled = driver.latest();

        // the orchestrator may also report single items; they must not count twice
        driver.pipe(batch.key(), batch.itemCancelled(1, 1, 60), batch.itemCancelled(5, 0, 60),
                batch.completed(2, 1, 70));
        ProgressSnapshot after = driver.latest();

        assertThat(cancelled).extracting(ProgressSnapshot::status, ProgressSnapshot::completed,
                ProgressSnapshot::inProgress, ProgressSnapshot::pending, ProgressSnapshot::cancelled)
                .containsExactly(BatchStatus.CANCELLED, 1L, 1L, 0L, 8L);
        assertThat(after).extracting(ProgressSnapshot::completed, ProgressSnapshot::inProgress,
                ProgressSnapshot::pending, ProgressSnapshot::cancelled).containsExactly(2L, 0L, 0L, 8L);
    }

    @Test
    void retryingItemReturnsToPending() {
        driver.pipe(batch.key(), batch.started(2, 0), batch.dispatched(0, 1, 10), batch.itemStarted(0, 1, 20));
        assertThat(driver.latest()).extracting(ProgressSnapshot::pending, ProgressSnapshot::inProgress,
                ProgressSnapshot::current).containsExactly(1L, 1L, List.of("item-0"));

        driver.pipe(batch.key(), batch.retrying(0, 1, 30));
        assertThat(driver.latest()).extracting(ProgressSnapshot::pending, ProgressSnapshot::inProgress,
                ProgressSnapshot::current).containsExactly(2L, 0L, List.of());

        driver.pipe(batch.key(), batch.dispatched(0, 2, 230));
        assertThat(driver.latest()).extracting(ProgressSnapshot::pending, ProgressSnapshot::inProgress)
                .containsExactly(1L, 1L);
    }

    @Test
    void retryFailedMakesFailedItemsPendingAgain() {
        driver.pipe(batch.key(), batch.started(3, 0), batch.completed(0, 1, 10), batch.failed(1, 3, "BAD", 20),
                batch.failed(2, 3, "BAD", 30), batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 3, 1, 2, 40),
                batch.retried(2, 50));
        ProgressSnapshot retried = driver.latest();

        driver.pipe(batch.key(), batch.failed(1, 3, "BAD", 20));
        assertThat(driver.snapshots()).isEmpty();
        driver.pipe(batch.key(), batch.dispatched(1, 4, 60), batch.completed(1, 4, 70));

        assertThat(retried).extracting(ProgressSnapshot::status, ProgressSnapshot::pending, ProgressSnapshot::failed,
                ProgressSnapshot::finishedAt).containsExactly(BatchStatus.RUNNING, 2L, 0L, null);
        assertThat(driver.latest()).extracting(ProgressSnapshot::pending, ProgressSnapshot::completed)
                .containsExactly(1L, 2L);
    }

    @Test
    void rebuildingFromTheSameEventsGivesByteIdenticalSnapshots(@TempDir Path otherStateDir) {
        List<BatchEvent> events = TestScenario.of(batch, 60);
        driver.pipe(batch.key(), events);
        List<byte[]> first = driver.snapshotBytes();

        List<byte[]> second;
        try (ProgressDriver rebuilt = new ProgressDriver(otherStateDir)) {
            rebuilt.pipe(batch.key(), events);
            second = rebuilt.snapshotBytes();
        }

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("snapshot %d", i).isEqualTo(first.get(i));
        }
        ProgressSnapshot last = new io.batchpulse.events.json.ProgressSnapshotSerde()
                .deserialize("t", first.get(first.size() - 1));
        assertThat(last).extracting(ProgressSnapshot::status, ProgressSnapshot::completed, ProgressSnapshot::failed,
                ProgressSnapshot::pending, ProgressSnapshot::inProgress)
                .containsExactly(BatchStatus.COMPLETED_WITH_ERRORS, 55L, 5L, 0L, 0L);
    }

    @Test
    void unknownEventTypesAreSkipped() {
        driver.pipe(batch.key(), batch.started(2, 0));
        driver.snapshots();

        driver.pipeRaw(batch.key(), ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"item.teleported\","
                + "\"batchId\":\"" + batch.batchId + "\",\"occurredAt\":\"2026-03-01T10:00:01Z\",\"schemaVersion\":1}")
                .getBytes(StandardCharsets.UTF_8));
        driver.pipeRaw(batch.key(), ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"item.completed\","
                + "\"batchId\":\"" + batch.batchId + "\",\"occurredAt\":\"2026-03-01T10:00:01Z\",\"schemaVersion\":99,"
                + "\"itemId\":\"" + batch.item(0) + "\",\"attempt\":1}").getBytes(StandardCharsets.UTF_8));
        driver.pipe(batch.key(), batch.rejected(1000));

        assertThat(driver.snapshots()).isEmpty();
        assertThat(driver.skipped("unknown-type")).isEqualTo(1);
        assertThat(driver.skipped("future-schema")).isEqualTo(1);
        driver.pipe(batch.key(), batch.completed(0, 1, 2000));
        assertThat(driver.latest()).extracting(ProgressSnapshot::completed, ProgressSnapshot::version)
                .containsExactly(1L, 2L);
    }

    /** RELIABILITY.md, bad inputs on the topics (PS): records with nothing to fold are skipped and counted. */
    @Test
    void aTombstoneANullKeyAndAnEventWithoutBatchIdAreSkippedCountedAndTheFoldGoesOn() {
        driver.pipe(batch.key(), batch.started(2, 0));
        driver.snapshots();

        driver.pipeRaw(batch.key(), null);
        driver.pipe(null, batch.completed(0, 1, 100));
        driver.pipeRaw(batch.key(), ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"batch.paused\","
                + "\"occurredAt\":\"2026-03-01T10:00:01Z\",\"schemaVersion\":1,\"reason\":\"USER\"}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(driver.snapshots()).isEmpty();
        assertThat(driver.skipped("tombstone")).isEqualTo(1);
        assertThat(driver.skipped("missing-id")).isEqualTo(2);
        driver.pipe(batch.key(), batch.completed(0, 1, 200));
        assertThat(driver.latest()).extracting(ProgressSnapshot::completed, ProgressSnapshot::status)
                .containsExactly(1L, BatchStatus.RUNNING);
    }

    /**
     * RELIABILITY.md, bad inputs on the topics (PS): item events of a batch the orchestrator never
     * announced make no batch (no snapshot a viewer or the global store could hold); they are
     * counted, and a batch announced later starts from its own events only.
     */
    @Test
    void itemEventsOfABatchNeverAnnouncedMakeNoBatchAndAreCounted() {
        driver.pipe(batch.key(), batch.dispatched(0, 1, 10), batch.itemStarted(0, 1, 20), batch.completed(0, 1, 30));

        assertThat(driver.snapshots()).isEmpty();
        assertThat(driver.skipped("unknown-batch")).isEqualTo(3);

        driver.pipe(batch.key(), batch.started(2, 100), batch.completed(1, 1, 200));
        assertThat(driver.latest()).extracting(ProgressSnapshot::total, ProgressSnapshot::completed)
                .containsExactly(2L, 1L);
    }

    @Test
    void poisonRecordIsSkippedAndTheFoldGoesOn() {
        driver.pipeRaw(batch.key(), "{not json".getBytes(StandardCharsets.UTF_8));
        driver.pipe(batch.key(), batch.started(1, 0));

        // the dead-letter copy is checked on a real broker in ProgressTopologyIntegrationTests
        assertThat(driver.latest().total()).isEqualTo(1);
        assertThat(driver.droppedRecords()).isEqualTo(1);
    }

    /** RELIABILITY.md, bad inputs: a record keyed by one batch must not move another batch's counts. */
    @Test
    void anEventWhoseKeyIsAnotherBatchIsSkippedAndMovesNeitherBatch() {
        TestEvents other = new TestEvents();
        driver.pipe(batch.key(), batch.started(2, 0));
        driver.pipe(other.key(), other.started(2, 0));
        driver.snapshots();

        driver.pipe(batch.key(), other.itemStarted(0, 1, 100), other.completed(0, 1, 200), other.started(5, 300));

        assertThat(driver.snapshots()).isEmpty();
        assertThat(driver.droppedRecords()).isEqualTo(3);
        driver.pipe(batch.key(), batch.completed(0, 1, 400));
        driver.pipe(other.key(), other.completed(1, 1, 500));
        List<ProgressSnapshot> after = driver.snapshots();
        assertThat(after).filteredOn(s -> s.batchId().equals(batch.batchId)).singleElement()
                .extracting(ProgressSnapshot::total, ProgressSnapshot::completed, ProgressSnapshot::version)
                .containsExactly(2L, 1L, 2L);
        assertThat(after).filteredOn(s -> s.batchId().equals(other.batchId)).singleElement()
                .extracting(ProgressSnapshot::total, ProgressSnapshot::completed, ProgressSnapshot::version)
                .containsExactly(2L, 1L, 2L);
    }

    @Test
    void aWaitingBatchShowsItsPlaceUntilItIsDispatchedAgain() {
        driver.pipe(batch.key(), batch.started(10, 0), batch.queued(3, 10));
        assertThat(driver.latest().queue())
                .isEqualTo(new QueuePlace(3, "key", 300, TestEvents.at(10).plusSeconds(60)));

        driver.pipe(batch.key(), batch.queued(1, 20));
        assertThat(driver.latest().queue().position()).isEqualTo(1);

        driver.pipe(batch.key(), batch.queued(null, 30));
        assertThat(driver.latest().queue()).isNull();
    }

    @Test
    void aPauseEndsTheWaitAndAPlaceArrivingAfterTheBatchStoppedIsIgnored() {
        driver.pipe(batch.key(), batch.started(10, 0), batch.queued(2, 10), batch.paused("USER", 20));
        assertThat(driver.latest().queue()).isNull();

        driver.pipe(batch.key(), batch.queued(1, 30));
        ProgressSnapshot late = driver.latest();
        assertThat(late.status()).isEqualTo(BatchStatus.PAUSED);
        assertThat(late.queue()).isNull();
    }
}
