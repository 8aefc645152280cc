package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
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
    static final List<String> COLUMNS = List.of("fault", "seed", "result", "completed", "failed", "duplicate events",
            "max attempt", "recovery s", "acked writes", "viewer reconnects s", "dead letters", "note");

    /**
     * What one run measured: the checker's outcome, the time from the fault to the batch's end, each
     * reconnect of its viewers (from the end of a stream to the first event of the next).
     */
    record Row(Invariants.Outcome outcome, Duration recovery, List<Duration> reconnects, int acknowledgedWrites,
            String note) {

        Row(Invariants.Outcome outcome, Duration recovery, List<Duration> reconnects) {
            this(outcome, recovery, reconnects, 0, "");
        }

        /** The same row with a measurement of the fault's own added to its note column. */
        Row noting(String measured) {
            return new Row(outcome, recovery, reconnects, acknowledgedWrites,
                    note.isEmpty() ? measured : note + "; " + measured);
        }

        Row withAcknowledgedWrites(int acknowledged) {
            return new Row(outcome, recovery, reconnects, acknowledged, note);
        }
    }

    interface Run {
        Row run(Random random) throws Exception;
    }

    private FaultRuns() {
    }

    /**
     * Runs of one fault on the fault cluster. A fault is no bad input, so a run also fails if anything
     * was dead-lettered while it ran: a record that is good but was dead-lettered during a fault
     * breaks no count (its item runs again when its lease expires), yet it is a bug.
     */
    static Stream<DynamicTest> of(String fault, int defaultRuns, Run run) {
        int runs = Integer.getInteger("faults.runs", defaultRuns);
        return IntStream.range(0, runs).mapToObj(i -> DynamicTest.dynamicTest(fault + " run " + (i + 1) + ", seed " + (SEED + i), () -> {
            long seed = SEED + i;
            LocalCluster cluster = FaultCluster.get();
            try {
                DeadLetterCensus census = DeadLetterCensus.take(cluster.bootstrapServers(), cluster.topicPrefix());
                Row row = run.run(new Random(seed));
                Map<String, Integer> deadLetters = census.since();
                assertThat(deadLetters).as("dead letters written during the run: %s", deadLetters).isEmpty();
                Invariants.Outcome outcome = row.outcome();
                record(fault, seed, "pass", List.of(outcome.completed(), outcome.failed(), outcome.duplicateFinalEvents(),
                        outcome.maxAttempt(), seconds(row.recovery()), row.acknowledgedWrites(),
                        row.reconnects().stream().map(FaultRuns::seconds).collect(Collectors.joining(" ")),
                        DeadLetterCensus.describe(deadLetters), row.note()));
            } catch (Exception | AssertionError e) {
                List<Object> empty = new ArrayList<>(Collections.nCopies(COLUMNS.size() - 4, ""));
                empty.add(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                record(fault, seed, "FAIL", empty);
                throw e;
            }
        }));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }

    private static void record(String fault, long seed, String result, List<Object> measured) {
        try {
            Files.createDirectories(REPORT.getParent());
            if (!Files.exists(REPORT)) {
                Files.writeString(REPORT, String.join("\t", COLUMNS) + "\n", StandardCharsets.UTF_8);
            }
            String line = Stream.concat(Stream.<Object>of(fault, seed, result), measured.stream()).map(String::valueOf)
                    .map(cell -> cell.replace('\t', ' ')).collect(Collectors.joining("\t"));
            Files.writeString(REPORT, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
