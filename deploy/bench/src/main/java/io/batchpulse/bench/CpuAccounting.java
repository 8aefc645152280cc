package io.batchpulse.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent by each process of the embedded stack (the benchmark's own JVM and everything it
 * started: the broker, PostgreSQL with its backends, every service), so a scenario can say where
 * the machine's cores went. A PostgreSQL backend that starts and ends between two samples is
 * missed, which only ever under-counts it; the services keep pooled connections, so few do.
 */
final class CpuAccounting {

    static final String BENCH = "bench client";

    private CpuAccounting() {
    }

    /**
     * CPU time so far, by process group: the services by their process ids; PostgreSQL (its
     * postmaster runs detached from the launcher, found by the stack's data directory on its
     * command line, with all its backends); and the one other JVM the stack starts, the broker.
     */
    static Map<String, Duration> sample(Stack stack) {
        Map<Long, String> known = new HashMap<>();
        stack.services().forEach(service -> service.pid().ifPresent(pid -> known.put(pid, groupOf(service.name()))));
        Map<String, Duration> byGroup = new TreeMap<>();
        add(byGroup, BENCH, ProcessHandle.current());
        ProcessHandle.current().descendants()
                .filter(process -> !process.info().command().orElse("").endsWith("postgres"))
                .forEach(process -> add(byGroup, known.getOrDefault(process.pid(), "kafka broker"), process));
        stack.dataDir().ifPresent(dir -> ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(dir.toString()))
                .filter(process -> process.info().command().orElse("").endsWith("postgres"))
                .forEach(postmaster -> {
                    add(byGroup, "postgresql", postmaster);
                    postmaster.descendants().forEach(backend -> add(byGroup, "postgresql", backend));
                }));
        return byGroup;
    }

    /** What each group spent between two samples, largest first. */
    static Map<String, Duration> between(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Duration> spent = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().minus(before.getOrDefault(e.getKey(), Duration.ZERO))))
                .filter(e -> !e.getValue().isNegative())
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .forEach(e -> spent.put(e.getKey(), e.getValue()));
        return spent;
    }

    /** Adds one row per group ("CPU s: batch-orchestrator"), with its share of the wall time's cores. */
    static void report(ResultTable table, Map<String, Duration> spent, Duration wall) {
        double coreSeconds = wall.toMillis() / 1000.0 * Runtime.getRuntime().availableProcessors();
        double total = spent.values().stream().mapToLong(Duration::toMillis).sum() / 1000.0;
        spent.forEach((group, cpu) -> {
            double seconds = cpu.toMillis() / 1000.0;
            table.row("CPU: " + group, String.format("%.1f s", seconds), "",
                    String.format("%.0f %% of the CPU used, %.0f %% of all cores", 100 * seconds / Math.max(total, 1e-9),
                            100 * seconds / Math.max(coreSeconds, 1e-9)));
            table.data("cpuSeconds." + group, seconds);
        });
        table.row("CPU: all processes", String.format("%.1f s", total), "",
                String.format("of %.1f core-seconds in %,d ms", coreSeconds, wall.toMillis()));
    }

    /** Both workers count as one group: together they are the worker tier. */
    private static String groupOf(String serviceName) {
        return serviceName.startsWith("worker") ? "generation-workers" : serviceName;
    }

    private static void add(Map<String, Duration> byGroup, String group, ProcessHandle process) {
        process.info().totalCpuDuration().ifPresent(cpu -> byGroup.merge(group, cpu, Duration::plus));
    }
}
