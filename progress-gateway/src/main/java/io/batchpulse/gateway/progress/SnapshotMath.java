package io.batchpulse.gateway.progress;

import io.batchpulse.events.model.BatchStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * The derived numbers of a snapshot. Pure functions of event data (never of a clock), so a
 * rebuilt topology computes the same values.
 */
final class SnapshotMath {

    /** The rolling window the AI-generation story asks for. */
    static final int THROUGHPUT_WINDOW = 10;

    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);

    private SnapshotMath() {
    }

    static double progress(long finished, long total, BatchStatus status) {
        if (total <= 0) {
            return isFinal(status) ? 1.0 : 0.0;
        }
        return Math.min(1.0, (double) finished / total);
    }

    /** One decimal, rounded half up, but never 100.0 while an item is unfinished. */
    static double percentage(long finished, long total, BatchStatus status) {
        if (total <= 0) {
            return isFinal(status) ? 100.0 : 0.0;
        }
        long tenths = Math.min(1000, (finished * 2000 + total) / (2 * total));
        if (tenths == 1000 && finished < total) {
            tenths = 999;
        }
        return tenths / 10.0;
    }

    /**
     * Finished items per second over the span of the window's finish times (n times make n - 1
     * intervals). Null below two. Items finishing within one millisecond count as one millisecond
     * apart, so a burst gives a high but finite rate.
     */
    static Double throughputPerSec(List<Long> finishTimesMs) {
        if (finishTimesMs.size() < 2) {
            return null;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long time : finishTimesMs) {
            first = Math.min(first, time);
            last = Math.max(last, time);
        }
        long spanMs = Math.max(1, last - first);
        return (finishTimesMs.size() - 1) * 1000.0 / spanMs;
    }

    /** Null while it cannot be estimated or the batch does not run; 0 once the batch ended. */
    static Long etaSeconds(BatchStatus status, long remaining, Double throughputPerSec) {
        if (isFinal(status)) {
            return 0L;
        }
        if (status != BatchStatus.RUNNING || throughputPerSec == null || throughputPerSec <= 0) {
            return null;
        }
        return (long) Math.ceil(remaining / throughputPerSec);
    }

    static long elapsedMs(Instant startedAt, Instant finishedAt, Instant updatedAt) {
        if (startedAt == null) {
            return 0;
        }
        Instant end = finishedAt != null ? finishedAt : updatedAt;
        return end == null ? 0 : Math.max(0, end.toEpochMilli() - startedAt.toEpochMilli());
    }

    static Double averageMs(long totalMs, long count) {
        return count == 0 ? null : Math.round(totalMs * 10.0 / count) / 10.0;
    }

    /** Four significant digits: readable, and a slow batch's 0.001111/s does not become 0. */
    static Double rounded(Double value) {
        return value == null ? null : new BigDecimal(value).round(FOUR_DIGITS).doubleValue();
    }

    static boolean isFinal(BatchStatus status) {
        return status == BatchStatus.CANCELLED || status == BatchStatus.COMPLETED
                || status == BatchStatus.COMPLETED_WITH_ERRORS || status == BatchStatus.FAILED;
    }
}
