package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.FailureGroupCount;
import io.batchpulse.events.progress.ProgressSnapshot;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot's live failure groups, folded from item.failed and batch.retried. */
class FailureGroupTopologyTests {

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
    void finalFailuresAreCountedByCodeAndSignatureLargestFirst() {
        driver.pipe(batch.key(), batch.started(6, 0));
        driver.pipe(batch.key(), batch.failed(0, 1, "TIMEOUT", "upstream took longer than 5001ms", 10),
                batch.failed(1, 1, "TIMEOUT", "upstream took longer than 7345ms", 20),
                batch.failed(2, 1, "UPSTREAM_404", "no such ticker 'NVDA'", 30),
                batch.failed(3, 1, "TIMEOUT", "upstream took longer than 5100ms", 40),
                // a duplicate and a retrying item are no final failures
                batch.failed(3, 1, "TIMEOUT", "upstream took longer than 5100ms", 41),
                batch.retrying(4, 1, 50));

        ProgressSnapshot snapshot = driver.latest();
        assertThat(snapshot.failureGroups()).containsExactly(
                count("TIMEOUT", "upstream took longer than …ms", 3),
                count("UPSTREAM_404", "no such ticker '…'", 1));
        assertThat(snapshot.failed()).isEqualTo(4);
    }

    @Test
    void onlyTheFiveLargestGroupsAreShown() {
        driver.pipe(batch.key(), batch.started(30, 0));
        // group g has g + 1 items, groups 0..6
        int index = 0;
        for (int g = 0; g < 7; g++) {
            for (int n = 0; n <= g; n++) {
                driver.pipe(batch.key(), batch.failed(index++, 1, "CODE_" + g, "failed", 10 + index));
            }
        }

        assertThat(driver.latest().failureGroups()).extracting(FailureGroupCount::code, FailureGroupCount::count)
                .containsExactly(tuple("CODE_6", 7L),
                        tuple("CODE_5", 6L),
                        tuple("CODE_4", 5L),
                        tuple("CODE_3", 4L),
                        tuple("CODE_2", 3L));
    }

    @Test
    void retryingOneGroupEmptiesItAndItsItemsCountAgainOnlyIfTheyFailAgain() {
        FailureGroup timeout = FailureGroup.of("TIMEOUT", "upstream took longer than 1ms");
        driver.pipe(batch.key(), batch.started(4, 0),
                batch.failed(0, 1, "TIMEOUT", "upstream took longer than 5001ms", 10),
                batch.failed(1, 1, "TIMEOUT", "upstream took longer than 5002ms", 20),
                batch.failed(2, 1, "UPSTREAM_404", "no such ticker 'NVDA'", 30),
                batch.completed(3, 1, 40),
                batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 4, 1, 3, 50));

        driver.pipe(batch.key(), batch.retried(2, timeout.key(), 60));
        ProgressSnapshot retried = driver.latest();
        // the retried items run again: one completes, one fails again the same way
        driver.pipe(batch.key(), batch.dispatched(0, 2, 70), batch.completed(0, 2, 80),
                batch.dispatched(1, 2, 90), batch.failed(1, 2, "TIMEOUT", "upstream took longer than 9999ms", 100));

        assertThat(retried).extracting(ProgressSnapshot::pending, ProgressSnapshot::failed)
                .containsExactly(2L, 1L);
        assertThat(retried.failureGroups()).containsExactly(count("UPSTREAM_404", "no such ticker '…'", 1));
        ProgressSnapshot after = driver.latest();
        assertThat(after).extracting(ProgressSnapshot::completed, ProgressSnapshot::failed,
                ProgressSnapshot::pending).containsExactly(2L, 2L, 0L);
        // equal counts: either order
        assertThat(after.failureGroups()).containsExactlyInAnyOrder(
                count("TIMEOUT", "upstream took longer than …ms", 1),
                count("UPSTREAM_404", "no such ticker '…'", 1));
    }

    @Test
    void retryingEveryFailedItemEmptiesEveryGroup() {
        driver.pipe(batch.key(), batch.started(2, 0), batch.failed(0, 1, "TIMEOUT", "slow", 10),
                batch.failed(1, 1, "BAD", "bad", 20), batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 2, 0, 2, 30),
                batch.retried(2, 40));

        ProgressSnapshot retried = driver.latest();
        assertThat(retried.failureGroups()).isEmpty();
        assertThat(retried.pending()).isEqualTo(2);
    }

    @Test
    void aBatchWithManyKindsOfFailuresKeepsTheLargestGroupsExact() {
        driver.pipe(batch.key(), batch.started(200, 0));
        // ten items of one group, then a hundred groups of one item each
        IntStream.range(0, 10).forEach(i -> driver.pipe(batch.key(), batch.failed(i, 1, "TIMEOUT", "slow " + i, i)));
        IntStream.range(10, 110).forEach(i -> driver.pipe(batch.key(), batch.failed(i, 1, "ERR_" + i, "x", i)));

        assertThat(driver.latest().failureGroups()).hasSize(5).first()
                .isEqualTo(count("TIMEOUT", "slow …", 10));
    }

    @Test
    void retryingOneItemTakesItOutOfFailedAndItsGroup() {
        driver.pipe(batch.key(), batch.started(3, 0),
                batch.failed(0, 1, "TIMEOUT", "upstream took longer than 5001ms", 10),
                batch.failed(1, 1, "TIMEOUT", "upstream took longer than 5002ms", 20),
                batch.completed(2, 1, 30),
                batch.finished(BatchStatus.COMPLETED_WITH_ERRORS, null, 3, 1, 2, 40));

        driver.pipe(batch.key(), batch.retriedItem(1, 50));
        ProgressSnapshot retried = driver.latest();
        driver.pipe(batch.key(), batch.dispatched(1, 2, 60), batch.completed(1, 2, 70));

        assertThat(retried).extracting(ProgressSnapshot::status, ProgressSnapshot::pending, ProgressSnapshot::failed)
                .containsExactly(BatchStatus.RUNNING, 1L, 1L);
        assertThat(retried.failureGroups()).containsExactly(count("TIMEOUT", "upstream took longer than …ms", 1));
        assertThat(driver.latest()).extracting(ProgressSnapshot::completed, ProgressSnapshot::failed,
                ProgressSnapshot::pending).containsExactly(2L, 1L, 0L);
    }

    private static FailureGroupCount count(String code, String signature, long count) {
        return new FailureGroupCount(FailureGroup.of(code, signature).key(), code, signature, count);
    }
}
