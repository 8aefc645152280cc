package io.batchpulse.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The table RELIABILITY.md gives, from the rows of one or more chaos series ({@code
 * deploy/target/fault-runs.tsv}, kept in {@code deploy/chaos-runs}): per fault the runs, the failed
 * ones, recovery (fault → batch final) and viewer reconnect p50 / p99, and the dead letters written
 * during its runs by topic and cause. Percentiles are nearest-rank, so with 20 runs or fewer p99 is
 * the slowest. Faults come in their numbers' order. Series recorded before a column existed leave it unknown for their runs, and the
 * table says in how many runs it was recorded. JDK only, so {@code deploy/chaos --summary} runs it
 * from its source.
 */
public final class ChaosSummary {

    /** One fault's runs, as read so far. */
    static final class Fault {
        int runs;
        int failed;
        final List<Double> recoveries = new ArrayList<>();
        int reconnectsRecorded;
        final List<Double> reconnects = new ArrayList<>();
        int deadLettersRecorded;
        final Map<String, Integer> deadLetters = new TreeMap<>();
    }

    /** F1, F1z, F2 … F9, F10: by the fault's number, then by name. */
    static final Comparator<String> FAULT_ORDER = Comparator.comparingInt(ChaosSummary::faultNumber)
            .thenComparing(Comparator.naturalOrder());

    private ChaosSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ChaosSummary fault-runs.tsv...");
            System.exit(2);
        }
        List<List<String>> files = new ArrayList<>();
        for (String file : args) {
            files.add(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
        }
        System.out.print(table(read(files)));
    }

    /** Each file's lines, a header first; faults in the order they first appear. */
    static Map<String, Fault> read(List<List<String>> files) {
        Map<String, Fault> faults = new LinkedHashMap<>();
        for (List<String> lines : files) {
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Fault fault = faults.computeIfAbsent(cells[0], name -> new Fault());
                fault.runs++;
                if (!"pass".equals(cell(header, cells, "result"))) {
                    fault.failed++;
                    continue;
                }
                String recovery = cell(header, cells, "recovery s");
                if (recovery != null && !recovery.isBlank()) {
                    fault.recoveries.add(Double.parseDouble(recovery));
                }
                String reconnects = cell(header, cells, "viewer reconnects s");
                if (reconnects != null) {
                    fault.reconnectsRecorded++;
                    Arrays.stream(reconnects.trim().split(" +")).filter(s -> !s.isEmpty())
                            .forEach(s -> fault.reconnects.add(Double.parseDouble(s)));
                }
                String deadLetters = cell(header, cells, "dead letters");
                if (deadLetters != null) {
                    fault.deadLettersRecorded++;
                    if (!deadLetters.equals("0")) {
                        for (String entry : deadLetters.split(", ")) {
                            int space = entry.lastIndexOf(' ');
                            fault.deadLetters.merge(entry.substring(0, space),
                                    Integer.parseInt(entry.substring(space + 1)), Integer::sum);
                        }
                    }
                }
            }
        }
        return faults;
    }

    static String table(Map<String, Fault> faults) {
        StringBuilder table = new StringBuilder("| fault | runs | failed | recovery p50 / p99 (s) "
                + "| viewer reconnects: count, p50 / p99 (s) | dead letters by topic and cause |\n|---|---|---|---|---|---|\n");
        faults.entrySet().stream().sorted(Map.Entry.comparingByKey(FAULT_ORDER)).forEach(entry -> {
            String name = entry.getKey();
            Fault fault = entry.getValue();
            table.append("| ").append(name).append(" | ").append(fault.runs).append(" | ")
                .append(fault.failed).append(" | ").append(percentiles(fault.recoveries)).append(" | ")
                    .append(reconnects(fault)).append(" | ").append(deadLetters(fault)).append(" |\n");
        });
        return table.toString();
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    static double percentile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static String percentiles(List<Double> values) {
        return values.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", percentile(values, 0.5),
                percentile(values, 0.99));
    }

    private static String reconnects(Fault fault) {
        if (fault.reconnectsRecorded == 0) {
            return "not recorded";
        }
        String measured = fault.reconnects.isEmpty() ? "none" : fault.reconnects.size() + ", " + String.format(Locale.ROOT,
                "%.2f / %.2f", percentile(fault.reconnects, 0.5), percentile(fault.reconnects, 0.99));
        return measured + recordedIn(fault.reconnectsRecorded, fault);
    }

    private static String deadLetters(Fault fault) {
        if (fault.deadLettersRecorded == 0) {
            return "not recorded";
        }
        String counted = fault.deadLetters.isEmpty() ? "0" : fault.deadLetters.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
        return counted + recordedIn(fault.deadLettersRecorded, fault);
    }

    private static String recordedIn(int recorded, Fault fault) {
        int passed = fault.runs - fault.failed;
        return recorded == passed ? "" : " (recorded in " + recorded + " of " + passed + " passed runs)";
    }

    private static int faultNumber(String name) {
        int end = 1;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return name.startsWith("F") && end > 1 ? Integer.parseInt(name.substring(1, end)) : Integer.MAX_VALUE;
    }

    private static String cell(List<String> header, String[] cells, String column) {
        int index = header.indexOf(column);
        return index < 0 || index >= cells.length ? null : cells[index];
    }
}
