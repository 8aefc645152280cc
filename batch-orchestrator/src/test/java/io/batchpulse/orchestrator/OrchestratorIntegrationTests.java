package io.batchpulse.orchestrator;

import static io.batchpulse.orchestrator.FakeWorker.completed;
import static io.batchpulse.orchestrator.FakeWorker.failed;
import static io.batchpulse.orchestrator.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.FailureAction;
import io.batchpulse.events.model.FailurePolicy;
import io.batchpulse.events.model.Requester;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import tools.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The orchestrator driven like the real system: commands through Kafka, a fake worker answering
 * on batch-events, a real broker and a real PostgreSQL. One Spring context for the whole class;
 * each test uses batches of its own.
 */
class OrchestratorIntegrationTests extends OrchestratorIntegrationTest {

    static final TestEnvironment ENV = TestEnvironment.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        // Small enough that two running batches compete for every tick's budget.
        registry.add("orchestrator.dispatch.max-records-per-tick", () -> 100);
    }

    @Override
    TestEnvironment environment() {
        return ENV;
    }

    @Test
    void createAppendSealRunsBatchToCompletion() {
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.batch(batchId, 200, 64, Commands.options(16, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(done.total(), done.completed(), done.failed(), done.cancelled()))
                .containsExactly(200L, 200L, 0L, 0L);
        assertThat(log.of(batchId, BatchCreated.class)).hasSize(1);
        assertThat(log.of(batchId, BatchStarted.class)).singleElement()
                .satisfies(started -> assertThat(started.total()).isEqualTo(200));
        assertThat(log.of(batchId, ItemDispatched.class)).hasSize(200);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::index).doesNotHaveDuplicates().hasSize(200);
        assertThat(jdbc.queryForList("SELECT status FROM batch_items WHERE batch_id = ? GROUP BY status",
                String.class, batchId)).containsExactly("completed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND result IS NULL",
                Long.class, batchId)).isZero();
        // item.started and item.completed mostly share a poll: the one row update keeps both times
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM batch_items WHERE batch_id = ?
                AND (started_at IS NULL OR finished_at < started_at OR worker_id IS NULL)
                """, Long.class, batchId)).isZero();
        assertThat(batchRow(batchId)).isEqualTo("completed 200 0 0 200 0 0");
        // batch.started is on the topic before the batch's first item.dispatched
        List<BatchEvent> events = log.of(batchId);
        assertThat(events.indexOf(log.of(batchId, BatchStarted.class).get(0)))
                .isLessThan(events.indexOf(log.of(batchId, ItemDispatched.class).get(0)));
        // what the orchestrator publishes names its type in a header, for readers that skip by type
        assertThat(events).filteredOn(event -> !(event instanceof ItemStarted || event instanceof ItemCompleted))
                .isNotEmpty().allSatisfy(event -> assertThat(log.typeHeader(event)).isEqualTo(event.type()));
    }

    @Test
    void failedItemsEndBatchCompletedWithErrors() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 4 == 0 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 40, 40, Commands.options(8, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(List.of(done.completed(), done.failed())).containsExactly(30L, 10L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND status = 'failed' "
                + "AND error->>'code' = 'GENERATION_FAILED'", Long.class, batchId)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND started_at IS NULL",
                Long.class, batchId)).isZero();
    }

    @Test
    void maxInFlightBoundsItemsOutstanding() {
        UUID batchId = UUID.randomUUID();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        worker.behave(batchId, (d, w) -> {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            w.send(started(d));
            // the worker counts the item as finished just before it reports the result
            w.later(40, () -> {
                outstanding.decrementAndGet();
                w.send(completed(d, "slow"));
            });
        });
        commands.send(Commands.batch(batchId, 40, 40, Commands.options(4, 3, Duration.ofMinutes(1))));

        awaitCompleted(batchId);

        assertThat(maxOutstanding.get()).isBetween(2, 4);
    }

    @Test
    void smallBatchFinishesBeforeHugeBatchStartedTogether() {
        UUID huge = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        commands.send(Commands.batch(huge, 5_000, 1_000, Commands.options(200, 3, Duration.ofMinutes(1))));
        commands.send(Commands.batch(small, 20, 20, Commands.options(200, 3, Duration.ofMinutes(1))));

        BatchCompleted smallDone = awaitCompleted(small);
        long hugeCompletedMeanwhile = jdbc.queryForObject("SELECT completed FROM batch_jobs WHERE id = ?",
                Long.class, huge);
        BatchCompleted hugeDone = awaitCompleted(huge);

        assertThat(smallDone.completed()).isEqualTo(20);
        assertThat(hugeCompletedMeanwhile).isLessThan(5_000);
        assertThat(smallDone.occurredAt()).isBefore(hugeDone.occurredAt());
        assertThat(hugeDone.completed()).isEqualTo(5_000);
    }

    @Test
    void expiredLeaseRedispatchesWithNextAttempt() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() >= 2) {
                w.send(started(d), completed(d, "second"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1, 2);
        assertThat(log.of(batchId, ItemRetrying.class)).singleElement().satisfies(retrying -> {
            assertThat(retrying.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(retrying.attempt()).isEqualTo(1);
            assertThat(retrying.retryDelayMs()).isZero();
        });
        assertThat(jdbc.queryForObject("SELECT status || ' ' || attempt FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).isEqualTo("completed 2");
    }

    @Test
    void expiredLeaseOnLastAttemptFailsTheItem() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 1, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(log.of(batchId, ItemFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(failed.error().message()).isEqualTo("no result within itemTimeout PT1S");
        });
    }

    @Test
    void lateResultOfOldAttemptIsIgnored() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() == 2) {
                // attempt 1's worker wakes up late and reports a failure, then attempt 2 succeeds
                w.send(failed(d, 1));
                w.sendLater(100, started(d), completed(d, "new"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(done.completed(), done.failed())).containsExactly(1L, 0L);
        assertThat(jdbc.queryForObject("SELECT result->>'value' FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).isEqualTo("new");
    }

    @Test
    void duplicateCommandHasOneEffect() {
        UUID batchId = UUID.randomUUID();
        List<BatchCommand> batch = Commands.batch(batchId, 30, 30, Commands.options(8, 3, Duration.ofMinutes(1)));
        BatchCommand create = batch.get(0);
        BatchCommand append = batch.get(1);
        BatchCommand seal = batch.get(2);
        commands.send(create, create, append, append, seal, seal);
        awaitCompleted(batchId);
        commands.send(seal);
        BatchCommand marker = Commands.pause(batchId, Commands.ALICE);
        commands.send(marker);
        awaitRejected(batchId, marker.commandId());

        assertThat(log.of(batchId, BatchCreated.class)).hasSize(1);
        assertThat(log.of(batchId, BatchStarted.class)).hasSize(1);
        assertThat(log.of(batchId, BatchCompleted.class)).singleElement()
                .satisfies(done -> assertThat(done.completed()).isEqualTo(30));
        assertThat(log.of(batchId, CommandRejected.class)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ?", Long.class, batchId))
                .isEqualTo(30);
    }

    @Test
    void duplicateCompletedEventCountsOnce() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d), completed(d, "first"), completed(d, "second"));
            w.sendLater(200, completed(d, "late"), failed(d, d.attempt()));
        });
        commands.send(Commands.batch(batchId, 25, 25, Commands.options(5, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(List.of(done.completed(), done.failed())).containsExactly(25L, 0L);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> batchRow(batchId).equals("completed 25 0 0 25 0 0"));
        assertThat(log.of(batchId, BatchCompleted.class)).hasSize(1);
        assertThat(jdbc.queryForList("SELECT DISTINCT result->>'value' FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).containsExactly("first");
    }

    @Test
    void createWithInvalidOptionsIsRejectedAndStoresNothing() {
        UUID batchId = UUID.randomUUID();
        BatchCommand create = Commands.create(batchId, Commands.options(0, 3, Duration.ofMinutes(1)));
        commands.send(create);

        CommandRejected rejected = awaitRejected(batchId, create.commandId());

        assertThat(rejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejected.commandType()).isEqualTo("create");
        assertThat(rejected.details()).containsExactly("options.maxInFlight: must be greater than or equal to 1");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_jobs WHERE id = ?", Long.class, batchId)).isZero();
    }

    @Test
    void poisonCommandGoesToDeadLetterTopicAndNextCommandIsProcessed() {
        byte[] poison = "{not json at all".getBytes(StandardCharsets.UTF_8);
        commands.sendRaw(UUID.randomUUID().toString(), poison);
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.create(batchId, null));

        await().until(() -> !log.of(batchId, BatchCreated.class).isEmpty());
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchCommands(), poison,
                Duration.ofSeconds(20))).isNotNull();
    }

    @Test
    void poisonEventGoesToDeadLetterTopicAndRecordingGoesOn() {
        byte[] poison = "\u0000\u0001 binary".getBytes(StandardCharsets.UTF_8);
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.sendRaw(d.batchId().toString(), poison);
            w.send(started(d), completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 3, 3, Commands.options(3, 3, Duration.ofMinutes(1))));

        assertThat(awaitCompleted(batchId).completed()).isEqualTo(3);
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), poison,
                Duration.ofSeconds(20))).isNotNull();
    }

    @Test
    void hundredThousandItemAppendTakesAFewBulkStatements() {
        UUID batchId = UUID.randomUUID();
        commandService.handle(Commands.create(batchId, null));
        BatchCommand append = Commands.append(batchId, 0, Commands.items(0, 100_000));

        int statements = StatementCounter.count(() -> {
            commandService.handle(append);
            return null;
        });

        assertThat(statements).isLessThanOrEqualTo(6);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ?", Long.class, batchId))
                .isEqualTo(100_000);
        assertThat(jdbc.queryForObject("SELECT total || ' ' || pending FROM batch_jobs WHERE id = ?", String.class,
                batchId)).isEqualTo("100000 100000");
        assertThat(jdbc.queryForObject("SELECT payload->>'text' FROM batch_items WHERE batch_id = ? AND idx = 99999",
                String.class, batchId)).isEqualTo("quote \" and \\ slash");

        // The same chunk again under a new command id (a re-sent upload) inserts nothing.
        commandService.handle(Commands.append(batchId, 0, Commands.items(0, 1_000)));
        assertThat(jdbc.queryForObject("SELECT total FROM batch_jobs WHERE id = ?", Long.class, batchId))
                .isEqualTo(100_000);
    }

    @Test
    void pausedBatchDispatchesNothingUntilResumed() {
        UUID batchId = UUID.randomUUID();
        startThirtyItemsThreeInFlight(batchId);

        BatchCommand pause = Commands.pause(batchId, Commands.ALICE);
        commands.send(pause);
        await().until(() -> !log.of(batchId, BatchPaused.class).isEmpty());
        assertThat(log.of(batchId, BatchPaused.class).get(0).commandId()).isEqualTo(pause.commandId());
        // in-flight items finish; nothing new leaves while paused
        await().until(() -> counter(batchId, "in_flight") == 0);
        int dispatchedWhilePaused = worker.received(batchId).size();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> worker.received(batchId).size() == dispatchedWhilePaused);
        assertThat(dispatchedWhilePaused).isLessThan(30);
        assertThat(batchRow(batchId)).startsWith("paused 30 " + (30 - dispatchedWhilePaused) + " 0 "
                + dispatchedWhilePaused);

        commands.send(Commands.resume(batchId));

        assertThat(awaitCompleted(batchId).completed()).isEqualTo(30);
        assertThat(log.of(batchId, BatchResumed.class)).hasSize(1);
    }

    @Test
    void cancelKeepsCompletedItemsAndCancelsPendingOnes() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d));
            w.sendLater(30, completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 60, 60, Commands.options(2, 3, Duration.ofMinutes(1))));
        await().until(() -> counter(batchId, "completed") >= 4);

        commands.send(Commands.cancel(batchId));

        BatchCancelled cancelled = await().until(() -> log.of(batchId, BatchCancelled.class), l -> !l.isEmpty())
                .get(0);
        await().until(() -> counter(batchId, "in_flight") == 0);
        long completed = counter(batchId, "completed");
        assertThat(cancelled.cancelledItems()).isPositive();
        assertThat(completed + cancelled.cancelledItems()).isEqualTo(60);
        assertThat(batchRow(batchId)).isEqualTo("cancelled 60 0 0 " + completed + " 0 " + cancelled.cancelledItems());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND status = 'completed' "
                + "AND result IS NOT NULL", Long.class, batchId)).isEqualTo(completed);
        assertThat(log.of(batchId, BatchCompleted.class)).isEmpty();
    }

    @Test
    void retryFailedRunsTheFailedItemsAgainWithAFreshAttemptBudget() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 1 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 10, 10, Commands.options(10, 2, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);

        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.retryFailed(batchId));

        BatchCompleted second = await().until(() -> log.of(batchId, BatchCompleted.class), l -> l.size() == 2)
                .get(1);
        assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(second.completed(), second.failed())).containsExactly(10L, 0L);
        assertThat(log.of(batchId, BatchRetried.class)).singleElement()
                .satisfies(retried -> assertThat(retried.requeuedItems()).isEqualTo(5));
        // attempt numbers keep rising across retry-failed; the budget (last attempt) moves with them
        assertThat(worker.received(batchId)).filteredOn(d -> d.index() == 1).extracting(ItemDispatch::attempt)
                .containsExactly(1, 2);
        assertThat(worker.received(batchId)).filteredOn(d -> d.index() == 1).extracting(ItemDispatch::maxAttempts)
                .containsExactly(2, 3);
    }

    @Test
    void refusedCommandsAreAnsweredWithTheirReason() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 3, 3, Commands.options(1, 3, Duration.ofMinutes(5))));
        await().until(() -> !log.of(batchId, BatchStarted.class).isEmpty());

        BatchCommand foreignPause = Commands.pause(batchId, new Requester("bob", false));
        BatchCommand adminPause = Commands.pause(batchId, new Requester("root", true));
        BatchCommand secondPause = Commands.pause(batchId, Commands.ALICE);
        BatchCommand lateAppend = Commands.append(batchId, 3, Commands.items(3, 1));
        BatchCommand unknownBatch = Commands.resume(UUID.randomUUID());
        commands.send(foreignPause, adminPause, secondPause, lateAppend, unknownBatch);

        assertThat(awaitRejected(batchId, foreignPause.commandId()).code()).isEqualTo("FORBIDDEN");
        CommandRejected invalid = awaitRejected(batchId, secondPause.commandId());
        assertThat(invalid.code()).isEqualTo("INVALID_TRANSITION");
        assertThat(invalid.currentStatus()).isEqualTo("paused");
        assertThat(awaitRejected(batchId, lateAppend.commandId()).code()).isEqualTo("INVALID_TRANSITION");
        assertThat(awaitRejected(unknownBatch.batchId(), unknownBatch.commandId()).code()).isEqualTo("NOT_FOUND");
        assertThat(log.of(batchId, BatchPaused.class)).singleElement()
                .satisfies(paused -> assertThat(paused.requestedBy()).isEqualTo("root"));

        UUID other = UUID.randomUUID();
        BatchCommand wrongSeal = Commands.seal(other, 5);
        commands.send(Commands.create(other, null), Commands.append(other, 0, Commands.items(0, 4)), wrongSeal);
        CommandRejected sealRejected = awaitRejected(other, wrongSeal.commandId());
        assertThat(sealRejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(sealRejected.details()).containsExactly("total: expected 4");

        UUID commandId = UUID.randomUUID();
        commands.sendRaw(other.toString(), ("{\"type\":\"frobnicate\",\"commandId\":\"" + commandId
                + "\",\"batchId\":\"" + other + "\",\"schemaVersion\":1,"
                + "\"requestedBy\":{\"subject\":\"alice\"}}").getBytes(StandardCharsets.UTF_8));
        CommandRejected unknown = awaitRejected(other, commandId);
        assertThat(unknown.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(unknown.commandType()).isEqualTo("frobnicate");
    }

    @Test
    void batchPastItsDeadlineFailsWithTimeoutAndCancelsWhatIsPending() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        BatchOptions options = new BatchOptions(2, 3, Duration.ofMinutes(5), null, Duration.ofSeconds(1), null);
        commands.send(Commands.batch(batchId, 5, 5, options));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(done.reason()).isEqualTo("TIMEOUT");
        assertThat(done.cancelled()).isEqualTo(3);
        assertThat(batchRow(batchId)).isEqualTo("failed 5 0 2 0 0 3");
    }

    @Test
    void failurePolicyPausesOrFailsABatchWhenTooManyItemsFail() {
        UUID pausing = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        FakeWorker.Behaviour allFail = (d, w) -> w.send(started(d), failed(d, d.attempt()));
        worker.behave(pausing, allFail);
        worker.behave(failing, allFail);
        commands.send(Commands.batch(pausing, 50, 50, new BatchOptions(1, 1, Duration.ofMinutes(1), null, null,
                new FailurePolicy(0.2, 5, FailureAction.PAUSE))));
        commands.send(Commands.batch(failing, 50, 50, new BatchOptions(1, 1, Duration.ofMinutes(1), null, null,
                new FailurePolicy(0.2, 5, FailureAction.FAIL))));

        BatchPaused paused = await().until(() -> log.of(pausing, BatchPaused.class), l -> !l.isEmpty()).get(0);
        BatchCompleted failed = awaitCompleted(failing);

        assertThat(paused.reason()).isEqualTo("FAILURE_THRESHOLD");
        assertThat(jdbc.queryForObject("SELECT status || ' ' || status_reason || ' ' || failed FROM batch_jobs "
                + "WHERE id = ?", String.class, pausing)).isEqualTo("paused FAILURE_THRESHOLD 5");
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.reason()).isEqualTo("FAILURE_THRESHOLD");
        assertThat(List.of(failed.failed(), failed.cancelled())).containsExactly(5L, 45L);
    }

    @Test
    void internalApiListsGetsAndPagesItemsByStatus() throws Exception {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 1 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 10, 10, Commands.options(4, 1, Duration.ofMinutes(1))));
        awaitCompleted(batchId);

        PageView<BatchView> list = api.get("/internal/v1/batches?owner=alice&status=completed_with_errors&size=500",
                new TypeReference<PageView<BatchView>>() { });
        assertThat(list.content()).extracting(BatchView::id).contains(batchId);

        BatchView batch = api.get("/internal/v1/batches/" + batchId, new TypeReference<BatchView>() { });
        assertThat(batch.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(List.of(batch.totalItems(), batch.completedItems(), batch.failedItems(), batch.pendingItems(),
                batch.inProgressItems())).containsExactly(10L, 5L, 5L, 0L, 0L);
        assertThat(batch.options().maxInFlight()).isEqualTo(4);
        assertThat(batch.owner()).isEqualTo("alice");

        PageView<ItemView> failedPage = api.get("/internal/v1/batches/" + batchId + "/items?status=failed&size=2&page=1",
                new TypeReference<PageView<ItemView>>() { });
        assertThat(failedPage.totalElements()).isEqualTo(5);
        assertThat(failedPage.totalPages()).isEqualTo(3);
        assertThat(failedPage.content()).extracting(ItemView::index).containsExactly(5L, 7L);
        assertThat(failedPage.content().get(0).error().code()).isEqualTo("GENERATION_FAILED");
        PageView<ItemView> all = api.get("/internal/v1/batches/" + batchId + "/items",
                new TypeReference<PageView<ItemView>>() { });
        assertThat(all.content()).extracting(ItemView::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(all.content().get(0).result().get("value").asString()).isEqualTo("ok");

        assertThat(api.status("/internal/v1/batches/" + UUID.randomUUID())).isEqualTo(404);
        assertThat(api.status("/internal/v1/batches/" + UUID.randomUUID() + "/items")).isEqualTo(404);
        assertThat(api.status("/internal/v1/batches?size=501")).isEqualTo(400);
        assertThat(api.status("/internal/v1/batches?status=bogus")).isEqualTo(400);
        assertThat(api.status("/internal/v1/batches/" + batchId + "/items?page=-1")).isEqualTo(400);
        assertThat(api.status("/internal/v1/batches/not-a-uuid")).isEqualTo(400);
    }

    BatchCompleted awaitCompleted(UUID batchId) {
        return await().until(() -> log.of(batchId, BatchCompleted.class), list -> !list.isEmpty()).get(0);
    }

    CommandRejected awaitRejected(UUID batchId, UUID commandId) {
        return await().until(() -> log.of(batchId, CommandRejected.class).stream()
                .filter(r -> commandId.equals(r.commandId())).toList(), list -> !list.isEmpty()).get(0);
    }

    /** status total pending in_flight completed failed cancelled; "absent" before the create is applied. */
    String batchRow(UUID batchId) {
        return jdbc.queryForList("SELECT concat_ws(' ', status, total, pending, in_flight, completed, failed, "
                + "cancelled) FROM batch_jobs WHERE id = ?", String.class, batchId).stream().findFirst()
                .orElse("absent");
    }

    /** A counter column of the batch row, 0 while the create command is not applied yet. */
    long counter(UUID batchId, String column) {
        return jdbc.queryForObject("SELECT coalesce(max(" + column + "), 0) FROM batch_jobs WHERE id = ?", Long.class,
                batchId);
    }
}
