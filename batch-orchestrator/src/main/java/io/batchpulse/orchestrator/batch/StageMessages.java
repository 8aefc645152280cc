package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.model.FileSource;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The words and numbers of the batch.stage events, and when parsing has gone far enough to be
 * worth another one. Numbers are grouped the English way (1,000,000) whatever the machine's
 * locale, sizes are in MB of 1024 * 1024 bytes.
 */
final class StageMessages {

    /** Parsing reports progress every 1/20 (5 %) of the file's items. */
    static final int PARSE_STEPS = 20;

    private static final double MB = 1024.0 * 1024.0;

    private StageMessages() {
    }

    /** "Uploaded sheets.jsonl: 3 chunks (150.00 MB)". */
    static String uploaded(FileSource source) {
        return "Uploaded " + source.fileName() + ": " + count(source.chunks(), "chunk") + " ("
                + megabytes(source.sizeBytes()) + ")";
    }

    /** "Parsing 1,000,000 items". */
    static String parsing(long items) {
        return "Parsing " + count(items, "item");
    }

    /** "Parsed 200,000 of 1,000,000 items". */
    static String parsed(long parsed, long items) {
        return "Parsed " + number(parsed) + " of " + count(items, "item");
    }

    /**
     * The percentage to report when an append took the parsed count from {@code before} to
     * {@code after} across another 5 % of {@code items}; empty when it stayed within the same 5 %.
     * At most {@link #PARSE_STEPS} reports per file, however small its chunks.
     */
    static OptionalDouble parsedPercentage(long before, long after, long items) {
        if (items <= 0 || after <= before || step(after, items) <= step(before, items)) {
            return OptionalDouble.empty();
        }
        // rounded down, so 100.0 means every item really arrived
        return OptionalDouble.of(Math.min(100.0, Math.floor(after * 1000.0 / items) / 10.0));
    }

    /** "1,000,000 items queued". */
    static String queued(long total) {
        return count(total, "item") + " queued";
    }

    /** "Processing 1,000,000 items". */
    static String processing(long total) {
        return "Processing " + count(total, "item");
    }

    /** "Finishing the last 32 items"; a batch that completes with nothing in flight is "Finishing up". */
    static String finishing(long inFlight) {
        if (inFlight <= 0) {
            return "Finishing up";
        }
        return inFlight == 1 ? "Finishing the last item" : "Finishing the last " + number(inFlight) + " items";
    }

    /** "950 completed, 50 failed" (and how many were cancelled, if any were). */
    static String completed(BatchCounters.Counts counts) {
        String message = number(counts.completed()) + " completed, " + number(counts.failed()) + " failed";
        return counts.cancelled() > 0 ? message + ", " + number(counts.cancelled()) + " cancelled" : message;
    }

    /** "Deadline passed: 400 completed, 0 failed, 600 cancelled". */
    static String failed(String reason, BatchCounters.Counts counts) {
        String why;
        if (BatchEndings.TIMEOUT.equals(reason)) {
            why = "Deadline passed";
        } else if (BatchEndings.FAILURE_THRESHOLD.equals(reason)) {
            why = "Too many items failed";
        } else {
            why = reason == null ? "Failed" : "Failed (" + reason + ")";
        }
        return why + ": " + number(counts.completed()) + " completed, " + number(counts.failed()) + " failed, "
                + number(counts.cancelled()) + " cancelled";
    }

    /** "Cancelled by alice: 560 pending items cancelled". */
    static String cancelled(String by, long cancelledItems) {
        return "Cancelled by " + by + ": " + count(cancelledItems, "pending item") + " cancelled";
    }

    /** "Retrying 50 failed items". */
    static String retrying(long requeued) {
        return "Retrying " + count(requeued, "failed item");
    }

    static String number(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ENGLISH, "%,.2f MB", bytes / MB);
    }

    private static String count(long n, String noun) {
        return number(n) + " " + (n == 1 ? noun : noun + "s");
    }

    private static long step(long parsed, long items) {
        return Math.min(PARSE_STEPS, parsed * PARSE_STEPS / items);
    }
}
