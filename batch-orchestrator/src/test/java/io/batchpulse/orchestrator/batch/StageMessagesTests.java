package io.batchpulse.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.FileSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StageMessagesTests {

    @Test
    void uploadNamesTheFileItsChunksAndItsSizeInMegabytes() {
        FileSource source = new FileSource(UUID.randomUUID(), "sheets.jsonl", "jsonl", 150L * 1024 * 1024, 3,
                Instant.now(), Instant.now(), 1_000_000, 0, List.of());

        assertThat(StageMessages.uploaded(source)).isEqualTo("Uploaded sheets.jsonl: 3 chunks (150.00 MB)");
    }

    @Test
    void sizesAreMegabytesOf1024Times1024BytesWithTwoDecimalsAndGrouping() {
        assertThat(StageMessages.megabytes(1_572_864)).isEqualTo("1.50 MB");
        assertThat(StageMessages.megabytes(7L * 1024 * 1024 * 1024)).isEqualTo("7,168.00 MB");
        assertThat(StageMessages.megabytes(0)).isEqualTo("0.00 MB");
    }

    @Test
    void numbersAreGroupedTheSameWayWhateverTheDefaultLocale() {
        Locale previous = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(StageMessages.parsed(200_000, 1_000_000)).isEqualTo("Parsed 200,000 of 1,000,000 items");
            assertThat(StageMessages.megabytes(150L * 1024 * 1024)).isEqualTo("150.00 MB");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void everyStageHasItsMessage() {
        assertThat(StageMessages.parsing(1_000_000)).isEqualTo("Parsing 1,000,000 items");
        assertThat(StageMessages.queued(1_000_000)).isEqualTo("1,000,000 items queued");
        assertThat(StageMessages.processing(1_000_000)).isEqualTo("Processing 1,000,000 items");
        assertThat(StageMessages.finishing(32)).isEqualTo("Finishing the last 32 items");
        assertThat(StageMessages.retrying(50)).isEqualTo("Retrying 50 failed items");
        assertThat(StageMessages.cancelled("alice", 560)).isEqualTo("Cancelled by alice: 560 pending items cancelled");
    }

    @Test
    void oneOfSomethingIsSingular() {
        assertThat(StageMessages.queued(1)).isEqualTo("1 item queued");
        assertThat(StageMessages.finishing(1)).isEqualTo("Finishing the last item");
        assertThat(StageMessages.retrying(1)).isEqualTo("Retrying 1 failed item");
        assertThat(StageMessages.uploaded(new FileSource(null, "a.csv", "csv", 10, 1, null, null, 1, 0, null)))
                .isEqualTo("Uploaded a.csv: 1 chunk (0.00 MB)");
    }

    @Test
    void aBatchThatCompletesWithNothingInFlightIsFinishingUp() {
        assertThat(StageMessages.finishing(0)).isEqualTo("Finishing up");
    }

    @Test
    void endingsCountWhatHappenedToTheItems() {
        assertThat(StageMessages.completed(counts(950, 50, 0))).isEqualTo("950 completed, 50 failed");
        assertThat(StageMessages.completed(counts(1_000, 0, 20))).isEqualTo("1,000 completed, 0 failed, 20 cancelled");
        assertThat(StageMessages.failed(BatchEndings.TIMEOUT, counts(400, 0, 600)))
                .isEqualTo("Deadline passed: 400 completed, 0 failed, 600 cancelled");
        assertThat(StageMessages.failed(BatchEndings.FAILURE_THRESHOLD, counts(0, 5, 45)))
                .isEqualTo("Too many items failed: 0 completed, 5 failed, 45 cancelled");
        assertThat(StageMessages.failed("OTHER", counts(1, 2, 3)))
                .isEqualTo("Failed (OTHER): 1 completed, 2 failed, 3 cancelled");
    }

    @Test
    void parsingReportsEachFurtherFivePercentOnce() {
        assertThat(StageMessages.parsedPercentage(0, 49_999, 1_000_000)).isEmpty();
        assertThat(StageMessages.parsedPercentage(49_999, 50_000, 1_000_000)).hasValue(5.0);
        assertThat(StageMessages.parsedPercentage(50_000, 99_999, 1_000_000)).isEmpty();
        assertThat(StageMessages.parsedPercentage(190_000, 200_000, 1_000_000)).hasValue(20.0);
        assertThat(StageMessages.parsedPercentage(999_000, 1_000_000, 1_000_000)).hasValue(100.0);
    }

    @Test
    void aChunkCrossingSeveralStepsReportsOnceWithItsTruePercentage() {
        assertThat(StageMessages.parsedPercentage(0, 213_456, 1_000_000)).hasValue(21.3);
        assertThat(StageMessages.parsedPercentage(0, 3, 3)).hasValue(100.0);
    }

    @Test
    void tinyChunksOfAHugeFileGiveAtMostTwentyReportsInRisingOrder() {
        List<Double> reported = new ArrayList<>();
        long items = 1_000_003;
        for (long parsed = 0; parsed < items; parsed += 997) {
            OptionalDouble percentage = StageMessages.parsedPercentage(parsed, Math.min(items, parsed + 997), items);
            percentage.ifPresent(reported::add);
        }

        assertThat(reported).hasSize(20).isSorted().doesNotHaveDuplicates().endsWith(100.0);
        assertThat(reported.get(0)).isBetween(5.0, 5.1);
    }

    @Test
    void nothingIsReportedForAFileWithoutItemsOrAnAppendThatAddedNothing() {
        assertThat(StageMessages.parsedPercentage(0, 0, 0)).isEmpty();
        assertThat(StageMessages.parsedPercentage(0, 10, 0)).isEmpty();
        assertThat(StageMessages.parsedPercentage(500, 500, 1_000)).isEmpty();
    }

    @Test
    void appendsBeyondTheDeclaredItemsReportNoMoreThanAHundredPercent() {
        assertThat(StageMessages.parsedPercentage(90, 120, 100)).hasValue(100.0);
        assertThat(StageMessages.parsedPercentage(120, 150, 100)).isEmpty();
    }

    private static BatchCounters.Counts counts(long completed, long failed, long cancelled) {
        return new BatchCounters.Counts(completed + failed + cancelled, 0, 0, completed, failed, cancelled, null);
    }
}
