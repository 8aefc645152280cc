package io.batchpulse.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, reported in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3); // up to an hour, three significant digits
    }

    static String ms(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return "n/a";
        }
        long micros = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return String.format("%.1f ms", micros / 1000.0);
    }

    /** Rows p50, p90, p99, max; targets for p50 and p99 when given (empty otherwise). */
    static void rows(ResultTable table, String what, Histogram histogram, String p50Target, String p99Target) {
        table.row(what + " p50", ms(histogram, 50), p50Target, "n=" + histogram.getTotalCount());
        table.row(what + " p90", ms(histogram, 90));
        table.row(what + " p99", ms(histogram, 99), p99Target, "");
        table.row(what + " max", ms(histogram, 100));
        table.data(key(what), summary(histogram));
    }

    static Map<String, Object> summary(Histogram histogram) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", histogram.getTotalCount());
        if (histogram.getTotalCount() > 0) {
            summary.put("p50Ms", histogram.getValueAtPercentile(50) / 1000.0);
            summary.put("p90Ms", histogram.getValueAtPercentile(90) / 1000.0);
            summary.put("p99Ms", histogram.getValueAtPercentile(99) / 1000.0);
            summary.put("maxMs", histogram.getMaxValue() / 1000.0);
        }
        return summary;
    }

    private static String key(String what) {
        StringBuilder key = new StringBuilder();
        boolean upper = false;
        for (char c : what.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = key.length() > 0;
            }
        }
        return key.toString();
    }
}
