package io.batchpulse.orchestrator.batch;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.BatchStage;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FailureAction;
import io.batchpulse.events.model.FailurePolicy;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.StatementCounter;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;

/**
 * The stages a batch goes through, as batch.stage events on batch-events and in the stage column,
 * on a real broker and a real PostgreSQL with a fake worker answering.
 */
class BatchStagesIntegrationTests extends OrchestratorIntegrationTest {

    static final TestEnvironment ENV = TestEnvironment.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void fileBatchGoesFromUploadingToCompletedWithParsingProgressOnTheWay() throws Exception {
        UUID batchId = UUID.randomUUID();
        FileSource source = source(1_000);
        List<BatchCommand> batch = new ArrayList<>();
        batch.add(Commands.create(batchId, Commands.options(16, 3, Duration.ofMinutes(1)), source));
        for (int chunk = 0; chunk < 20; chunk++) {
            batch.add(Commands.append(batchId, chunk * 50L, Commands.items(chunk * 50L, 50)));
        }
        batch.add(Commands.seal(batchId, 1_000));
        commands.send(batch);

        assertThat(awaitCompleted(batchId).completed()).isEqualTo(1_000);

        List<BatchStage> stages = log.of(batchId, BatchStage.class);
        List<String> expected = new ArrayList<>(List.of("uploading"));
        expected.addAll(Collections.nCopies(21, "parsing"));
        expected.addAll(List.of("queued", "processing", "finalizing", "completed"));
        assertThat(stages).extracting(BatchStage::stage).containsExactlyElementsOf(expected);
        assertThat(stages.get(0)).satisfies(uploading -> {
            assertThat(uploading.occurredAt()).isEqualTo(source.uploadStartedAt());
            assertThat(uploading.message()).isEqualTo("Uploaded sheets.jsonl: 3 chunks (150.00 MB)");
            assertThat(uploading.percentage()).isEqualTo(100.0);
        });
        List<BatchStage> parsing = stages.subList(1, 22);
        assertThat(parsing).extracting(BatchStage::percentage)
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 20).mapToObj(step -> step * 5.0).toList());
        assertThat(parsing.get(0).message()).isEqualTo("Parsing 1,000 items");
        assertThat(parsing.get(4).message()).isEqualTo("Parsed 200 of 1,000 items");
        assertThat(parsing.get(20).message()).isEqualTo("Parsed 1,000 of 1,000 items");
        assertThat(stages.get(22).message()).isEqualTo("1,000 items queued");
        assertThat(stages.get(23).message()).isEqualTo("Processing 1,000 items");
        assertThat(stages.get(24).message()).matches("Finishing the last (item|\\d+ items)");
        assertThat(stages.get(25).message()).isEqualTo("1,000 completed, 0 failed");
        assertThat(stages).extracting(BatchStage::occurredAt).isSorted();

        List<BatchEvent> batchLevel = batchLevel(batchId);
        assertThat(batchLevel.get(0)).isInstanceOf(BatchCreated.class);
        assertThat(batchLevel.subList(batchLevel.size() - 2, batchLevel.size()))
                .extracting(BatchEvent::type).containsExactly("batch.stage", "batch.completed");
        // the processing stage is relayed before the batch's first item leaves
        List<BatchEvent> all = log.of(batchId);
        assertThat(all.indexOf(stages.get(23))).isLessThan(all.indexOf(log.of(batchId, ItemDispatched.class).get(0)));
        assertThat(stageColumn(batchId)).isEqualTo("completed");
        assertThat(api.get("/internal/v1/batches/" + batchId, new TypeReference<BatchView>() { }).stage())
                .isEqualTo("completed");
    }

    @Test
    void internalApiShowsAFileBatchParsingWithItsBadLinesReport() throws Exception {
        UUID batchId = UUID.randomUUID();
        FileSource source = source(1_000);
        commands.send(Commands.create(batchId, Commands.options(16, 3, Duration.ofMinutes(1)), source),
                Commands.append(batchId, 0, Commands.items(0, 100)));
        await().until(() -> counter(batchId, "total") == 100);

        BatchView view = api.get("/internal/v1/batches/" + batchId, new TypeReference<BatchView>() { });

        assertThat(view.status()).isEqualTo(BatchStatus.CREATED);
        assertThat(view.stage()).isEqualTo("parsing");
        assertThat(view.source()).isEqualTo(source);
        assertThat(view.source().invalidLineSample()).extracting(FileSource.LineError::line).containsExactly(17L, 42L);
        assertThat(log.of(batchId, BatchCreated.class)).singleElement()
                .satisfies(created -> assertThat(created.source()).isEqualTo(source));
        assertThat(jdbc.queryForObject("SELECT source->>'invalidLines' FROM batch_jobs WHERE id = ?", String.class,
                batchId)).isEqualTo("2");
    }

    @Test
    void jsonBatchHasNoStageBeforeItsSealThenGoesFromQueuedToCompleted() throws Exception {
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.create(batchId, Commands.options(8, 3, Duration.ofMinutes(1))),
                Commands.append(batchId, 0, Commands.items(0, 30)));
        await().until(() -> counter(batchId, "total") == 30);
        BatchView created = api.get("/internal/v1/batches/" + batchId, new TypeReference<BatchView>() { });
        assertThat(created.stage()).isNull();
        assertThat(created.source()).isNull();

        commands.send(Commands.seal(batchId, 30));
        awaitCompleted(batchId);

        List<BatchStage> stages = log.of(batchId, BatchStage.class);
        assertThat(stages).extracting(BatchStage::stage)
                .containsExactly("queued", "processing", "finalizing", "completed");
        assertThat(stages).extracting(BatchStage::message).startsWith("30 items queued", "Processing 30 items")
                .endsWith("30 completed, 0 failed");
        assertThat(stages).extracting(BatchStage::percentage).containsOnlyNulls();
        List<BatchEvent> batchLevel = batchLevel(batchId);
        assertThat(batchLevel.indexOf(stages.get(0)))
                .isLessThan(batchLevel.indexOf(log.of(batchId, BatchStarted.class).get(0)));
        assertThat(stageColumn(batchId)).isEqualTo("completed");
    }

    @Test
    void cancellingAPausedBatchEndsInStageCancelledRightBeforeBatchCancelled() {
        UUID batchId = UUID.randomUUID();
        startThirtyItemsThreeInFlight(batchId);
        commands.send(Commands.pause(batchId, Commands.ALICE));
        await().until(() -> !log.of(batchId, BatchPaused.class).isEmpty());

        commands.send(Commands.cancel(batchId));

        BatchCancelled cancelled = await().until(() -> log.of(batchId, BatchCancelled.class), l -> !l.isEmpty())
                .get(0);
        List<BatchEvent> batchLevel = batchLevel(batchId);
        assertThat(batchLevel.get(batchLevel.size() - 1)).isEqualTo(cancelled);
        assertThat(batchLevel.get(batchLevel.size() - 2)).isInstanceOfSatisfying(BatchStage.class, stage -> {
            assertThat(stage.stage()).isEqualTo("cancelled");
            assertThat(stage.message()).isEqualTo("Cancelled by alice: " + cancelled.cancelledItems()
                    + " pending items cancelled");
        });
        assertThat(log.of(batchId, BatchStage.class)).extracting(BatchStage::stage)
                .containsExactly("queued", "processing", "cancelled");
        assertThat(stageColumn(batchId)).isEqualTo("cancelled");
    }

    @Test
    void batchPastItsDeadlineEndsInStageFailed() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 5, 5,
                new BatchOptions(2, 3, Duration.ofMinutes(5), null, Duration.ofSeconds(1), null)));

        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.FAILED);

        assertThat(log.of(batchId, BatchStage.class)).extracting(BatchStage::stage)
                .containsExactly("queued", "processing", "failed");
        assertFailedStageRightBeforeBatchCompleted(batchId, "Deadline passed: 0 completed, 0 failed, 3 cancelled");
    }

    @Test
    void failurePolicyThatFailsTheBatchEndsInStageFailed() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), failed(d, d.attempt())));
        commands.send(Commands.batch(batchId, 50, 50, new BatchOptions(1, 1, Duration.ofMinutes(1), null, null,
                new FailurePolicy(0.2, 5, FailureAction.FAIL))));

        assertThat(awaitCompleted(batchId).reason()).isEqualTo("FAILURE_THRESHOLD");

        assertThat(log.of(batchId, BatchStage.class)).extracting(BatchStage::stage)
                .containsExactly("queued", "processing", "failed");
        assertFailedStageRightBeforeBatchCompleted(batchId,
                "Too many items failed: 0 completed, 5 failed, 45 cancelled");
    }

    @Test
    void retryFailedTakesTheStageBackToProcessing() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 1 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 10, 10, Commands.options(10, 2, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(stageColumn(batchId)).isEqualTo("completed");

        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.retryFailed(batchId));
        await().until(() -> log.of(batchId, BatchCompleted.class), l -> l.size() == 2);

        List<BatchStage> stages = log.of(batchId, BatchStage.class);
        assertThat(stages).extracting(BatchStage::stage).containsExactly("queued", "processing", "finalizing",
                "completed", "processing", "finalizing", "completed");
        assertThat(stages).extracting(BatchStage::message).containsSubsequence("5 completed, 5 failed",
                "Retrying 5 failed items", "Finishing the last 5 items", "10 completed, 0 failed");
        List<BatchEvent> batchLevel = batchLevel(batchId);
        assertThat(batchLevel.indexOf(stages.get(4)) + 1)
                .isEqualTo(batchLevel.indexOf(log.of(batchId, BatchRetried.class).get(0)));
        assertThat(stageColumn(batchId)).isEqualTo("completed");
    }

    @Test
    void createWithAnInvalidSourceIsRejectedAndStoresNothing() {
        UUID batchId = UUID.randomUUID();
        FileSource bad = new FileSource(UUID.randomUUID(), "", "jsonl", 10, 1, null, null, -1, 0, List.of());
        BatchCommand create = Commands.create(batchId, null, bad);
        commands.send(create);

        CommandRejected rejected = await().until(() -> log.of(batchId, CommandRejected.class), l -> !l.isEmpty())
                .get(0);

        assertThat(rejected.commandId()).isEqualTo(create.commandId());
        assertThat(rejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejected.details()).containsExactly("source.fileName: must not be blank",
                "source.items: must be greater than or equal to 0");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_jobs WHERE id = ?", Long.class, batchId)).isZero();
        assertThat(log.of(batchId, BatchStage.class)).isEmpty();
    }

    @Test
    void appendToAFileBatchCostsWhatAJsonAppendCostsPlusOneStatementPerStageEvent() {
        UUID json = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        commandService.handle(Commands.create(json, null));
        commandService.handle(Commands.create(file, null, source(100_000)));
        int jsonAppend = statements(Commands.append(json, 0, Commands.items(0, 1_000)));

        // 1,000 items are 1 % of this file: the 5th and the 10th append cross another 5 %
        List<Integer> fileAppends = new ArrayList<>();
        for (int chunk = 0; chunk < 10; chunk++) {
            fileAppends.add(statements(Commands.append(file, chunk * 1_000L, Commands.items(chunk * 1_000L, 1_000))));
        }

        int j = jsonAppend;
        assertThat(fileAppends).containsExactly(j, j, j, j, j + 1, j, j, j, j, j + 1);
        assertThat(jsonAppend).isLessThanOrEqualTo(6);
        await().until(() -> log.of(file, BatchStage.class).size() == 4);
        assertThat(log.of(file, BatchStage.class)).extracting(BatchStage::message).containsExactly(
                "Uploaded sheets.jsonl: 3 chunks (150.00 MB)", "Parsing 100,000 items",
                "Parsed 5,000 of 100,000 items", "Parsed 10,000 of 100,000 items");
    }

    private void assertFailedStageRightBeforeBatchCompleted(UUID batchId, String message) {
        List<BatchEvent> batchLevel = batchLevel(batchId);
        assertThat(batchLevel.get(batchLevel.size() - 1)).isInstanceOf(BatchCompleted.class);
        assertThat(batchLevel.get(batchLevel.size() - 2)).isInstanceOfSatisfying(BatchStage.class, stage -> {
            assertThat(stage.stage()).isEqualTo("failed");
            assertThat(stage.message()).isEqualTo(message);
        });
        assertThat(stageColumn(batchId)).isEqualTo("failed");
    }

    private static FileSource source(long items) {
        Instant uploadStarted = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        return new FileSource(UUID.randomUUID(), "sheets.jsonl", "jsonl", 150L * 1024 * 1024, 3, uploadStarted,
                uploadStarted.plusSeconds(90), items, 2, List.of(new FileSource.LineError(17, "not a JSON object"),
                        new FileSource.LineError(42, "label: must not be blank")));
    }

    private int statements(BatchCommand command) {
        return StatementCounter.count(() -> {
            commandService.handle(command);
            return null;
        });
    }

    /** The batch's events without the item events, in topic order. */
    private List<BatchEvent> batchLevel(UUID batchId) {
        return log.of(batchId).stream().filter(e -> !(e instanceof ItemEvent)).toList();
    }

    private String stageColumn(UUID batchId) {
        return jdbc.queryForObject("SELECT stage FROM batch_jobs WHERE id = ?", String.class, batchId);
    }
}
