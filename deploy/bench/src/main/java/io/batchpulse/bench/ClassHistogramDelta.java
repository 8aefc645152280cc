package io.batchpulse.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a set of connections costs, by class: two {@code jcmd GC.class_histogram} outputs (each
 * after a full GC) subtracted, divided by the number of connections, largest first.
 */
final class ClassHistogramDelta {

    // "   1:         12345        6789012  [B (java.base@21)"
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+)$");

    private ClassHistogramDelta() {
    }

    /** Lines "bytes per connection  instances per connection  class", the {@code limit} largest growths. */
    static List<String> perConnection(String before, String after, int connections, int limit) {
        if (before.isEmpty() || after.isEmpty() || connections <= 0) {
            return List.of();
        }
        Map<String, long[]> grown = parse(after);
        parse(before).forEach((type, counts) -> grown.merge(type, new long[] {-counts[0], -counts[1]},
                (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
        return grown.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(limit)
                .map(e -> String.format("%,8d B  %6.2f objects  %s", e.getValue()[1] / connections,
                        (double) e.getValue()[0] / connections, e.getKey()))
                .toList();
    }

    private static Map<String, long[]> parse(String histogram) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : histogram.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(3).strip(), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
            }
        }
        return rows;
    }
}
