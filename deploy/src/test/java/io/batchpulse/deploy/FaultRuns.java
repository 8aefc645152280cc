package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs of one fault at random points. Run i draws its points from {@code seed + i}, so
 * {@code -Dfaults.seed=S} replays a whole series; {@code -Dfaults.runs=N} sets how many runs each
 * fault makes (deploy/chaos asks for many; verify makes a few). Every run, passed or failed, adds a
 * row to {@code target/fault-runs.tsv}, the table deploy/chaos prints.
 */
final class FaultRuns {

    static final long SEED = Long.getLong("faults.seed", System.nanoTime());
    static final Path REPORT = Path.of("target", "fault-runs.tsv");
    private static final String HEADER = "fault\tseed\tresult\tcompleted\tfailed\tduplicate events\tmax attempt\trecovery s\tacked writes\tnote\n";

    /** What one run measured; the checker's outcome and the time from the fault to the batch's end. */
    record Row(Invariants.Outcome outcome, Duration recovery, int acknowledgedWrites, String note) {

        Row(Invariants.Outcome outcome, Duration recovery, int acknowledgedWrites) {
            this(outcome, recovery, acknowledgedWrites, "");
        }

        /** The same row with a measurement of the fault's own added to its note column. */
        Row noting(String measured) {
            return new Row(outcome, recovery, acknowledgedWrites, note.isEmpty() ? measured : note + "; " + measured);
        }
    }

    interface Run {
        Row run(Random random) throws Exception;
    }

    private FaultRuns() {
    }

    static Stream<DynamicTest> of(String fault, int defaultRuns, Run run) {
        int runs = Integer.getInteger("faults.runs", defaultRuns);
        return IntStream.range(0, runs).mapToObj(i -> DynamicTest.dynamicTest(fault + " run " + (i + 1) + ", seed " + (SEED + i), () -> {
            long seed = SEED + i;
            try {
                Row row = run.run(new Random(seed));
                Invariants.Outcome outcome = row.outcome();
                record(fault, seed, "pass", outcome.completed() + "\t" + outcome.failed() + "\t" + outcome.duplicateFinalEvents()
                        + "\t" + outcome.maxAttempt() + "\t" + String.format("%.1f", row.recovery().toMillis() / 1000.0)
                        + "\t" + row.acknowledgedWrites() + "\t" + row.note());
            } catch (Exception | AssertionError e) {
                record(fault, seed, "FAIL", "\t\t\t\t\t\t" + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                throw e;
            }
        }));
    }

    private static void record(String fault, long seed, String result, String rest) {
        try {
            Files.createDirectories(REPORT.getParent());
            if (!Files.exists(REPORT)) {
                Files.writeString(REPORT, HEADER, StandardCharsets.UTF_8);
            }
            Files.writeString(REPORT, fault + "\t" + seed + "\t" + result + "\t" + rest + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
