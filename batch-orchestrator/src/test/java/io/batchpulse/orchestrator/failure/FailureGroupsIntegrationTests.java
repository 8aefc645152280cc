package io.batchpulse.orchestrator.failure;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.query.FailuresView;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** Failed items grouped by error signature: the report, and a retry of one group. */
class FailureGroupsIntegrationTests extends SharedOrchestratorIntegrationTest {

    private static final FailureGroup TIMEOUT = FailureGroup.of("TIMEOUT", "upstream took longer than 5000ms");
    private static final FailureGroup NOT_FOUND = FailureGroup.of("UPSTREAM_404", "no such ticker 'X'");

    /** Items 0..11: every third times out, every third is not found, the rest complete. */
    private static void twoKindsOfFailures(ItemDispatch d, FakeWorker w) {
        switch ((int) (d.index() % 3)) {
            case 0 -> w.send(started(d), failed(d, "TIMEOUT", "upstream took longer than " + (5000 + d.index()) + "ms"));
            case 1 -> w.send(started(d), failed(d, "UPSTREAM_404", "no such ticker '" + d.label() + "'"));
            default -> w.send(started(d), completed(d, "ok"));
        }
    }

    @Test
    void failuresAreReportedByGroupWithCountExampleAndTimes() throws Exception {
        UUID batchId = finishedWithTwoKindsOfFailures(12);

        FailuresView failures = failures(batchId);

        assertThat(failures.failed()).isEqualTo(8);
        assertThat(failures.groups()).extracting(FailuresView.Group::key)
                .containsExactlyInAnyOrder(TIMEOUT.key(), NOT_FOUND.key());
        FailuresView.Group timeout = group(failures, TIMEOUT.key());
        assertThat(timeout.code()).isEqualTo("TIMEOUT");
        assertThat(timeout.signature()).isEqualTo("upstream took longer than …ms");
        assertThat(timeout.count()).isEqualTo(4);
        assertThat(timeout.example().index()).isZero();
        assertThat(timeout.example().message()).isEqualTo("upstream took longer than 5000ms");
        assertThat(timeout.firstFailedAt()).isNotNull();
        assertThat(timeout.lastFailedAt()).isAfterOrEqualTo(timeout.firstFailedAt());
        assertThat(group(failures, NOT_FOUND.key()).example().index()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ? AND failure_group = ?",
                Long.class, batchId, TIMEOUT.key())).isEqualTo(4);
    }

    @Test
    void retryingOneGroupRunsOnlyItsItemsAgain() throws Exception {
        UUID batchId = finishedWithTwoKindsOfFailures(12);

        worker.behave(batchId, FakeWorker.COMPLETE);
        commands.send(Commands.retryFailed(batchId, TIMEOUT.key()));

        BatchCompleted second = await().until(() -> log.of(batchId, BatchCompleted.class), l -> l.size() == 2)
                .get(1);
        assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(List.of(second.completed(), second.failed())).containsExactly(8L, 4L);
        assertThat(log.of(batchId, BatchRetried.class)).singleElement().satisfies(retried -> {
            assertThat(retried.requeuedItems()).isEqualTo(4);
            assertThat(retried.group()).isEqualTo(TIMEOUT.key());
        });
        // only the timed-out items (0, 3, 6, 9) were dispatched a second time
        assertThat(worker.received(batchId)).filteredOn(d -> d.attempt() == 2).extracting(ItemDispatch::index)
                .containsExactlyInAnyOrder(0L, 3L, 6L, 9L);
        assertThat(failures(batchId).groups()).singleElement()
                .satisfies(group -> assertThat(group.key()).isEqualTo(NOT_FOUND.key()));
    }

    @Test
    void retryingAGroupWithoutFailedItemsIsRefusedAsNotFoundAndChangesNothing() {
        UUID batchId = finishedWithTwoKindsOfFailures(6);

        RetryFailed unknown = Commands.retryFailed(batchId, "0123456789abcdef");
        commands.send(unknown);
        RetryFailed malformed = Commands.retryFailed(batchId, "'; drop table");
        commands.send(malformed);

        CommandRejected notFound = awaitRejected(batchId, unknown.commandId());
        assertThat(notFound.code()).isEqualTo("NOT_FOUND");
        assertThat(notFound.message()).contains("no failed items in group 0123456789abcdef");
        assertThat(awaitRejected(batchId, malformed.commandId()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(log.of(batchId, BatchRetried.class)).isEmpty();
        assertThat(batchRow(batchId)).startsWith("completed_with_errors ");
        assertThat(counter(batchId, "failed")).isEqualTo(4);
    }

    @Test
    void anUnknownBatchHasNoFailureReport() throws Exception {
        assertThat(api.status("/internal/v1/batches/" + UUID.randomUUID() + "/failures")).isEqualTo(404);
    }

    /** A batch of this many items that completed with both kinds of failures. */
    private UUID finishedWithTwoKindsOfFailures(int items) {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FailureGroupsIntegrationTests::twoKindsOfFailures);
        commands.send(Commands.batch(batchId, items, items, Commands.options(items, 1, Duration.ofMinutes(1))));
        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        return batchId;
    }

    private FailuresView failures(UUID batchId) throws Exception {
        return api.get("/internal/v1/batches/" + batchId + "/failures", new TypeReference<FailuresView>() {
        });
    }

    private static FailuresView.Group group(FailuresView failures, String key) {
        return failures.groups().stream().filter(g -> g.key().equals(key)).findFirst().orElseThrow();
    }

    private static ItemFailed failed(ItemDispatch d, String code, String message) {
        return new ItemFailed(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                d.index(), d.attempt(), "fake-worker", d.label(), new ItemError(code, message, List.of()), false, 1);
    }
}
