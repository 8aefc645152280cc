package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * (1) One large batch of no-op items (simulated, latencyMs 0) through the whole pipeline: items/s
 * from the first item.dispatched to batch.completed (both the orchestrator's own event times),
 * next to raw Kafka produce+consume of the same record count and size on the same broker.
 * A warm-up batch of half the size runs first so the services' JIT has compiled the hot path.
 */
final class ThroughputScenario implements Scenario {

    static final String TARGET = "≥ 5,000 items/s";

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int items = context.options().items();
        ResultTable table = new ResultTable(name(), String.format("%,d-item batch, %d workers, maxInFlight %,d", items,
                context.options().workers(), context.options().maxInFlight()));
        // Five JVMs share two cores with their JIT compilers for the first minute: the warm-up runs
        // until every hot path is compiled, and the measured batch starts once the progress
        // topology has folded the warm-up's events, on an idle stack.
        int warmup = Math.max(1_000, Math.min(50_000, items / 2));
        runBatch(context, new BatchSpec("bench warm-up", warmup, 0, context.options().maxInFlight(), null));
        String events = context.topics().batchEvents();
        ProgressBacklog.awaitDrained(context.stack().bootstrap(), events, Duration.ofMinutes(5));

        BatchSpec spec = new BatchSpec("bench throughput", items, 0, context.options().maxInFlight(), null);
        Instant submitted = Instant.now();
        Map<String, Duration> cpuBefore = CpuAccounting.sample(context.stack());
        Run run = runBatch(context, spec);
        Map<String, Duration> cpu = CpuAccounting.between(cpuBefore, CpuAccounting.sample(context.stack()));
        Duration wall = Duration.between(submitted, Instant.now());
        long backlog = ProgressBacklog.records(context.stack().bootstrap(), events);
        Duration drained = ProgressBacklog.awaitDrained(context.stack().bootstrap(), events, Duration.ofMinutes(5));
        double pipeline = items * 1000.0 / Math.max(1, Duration.between(run.firstDispatch, run.completed.occurredAt())
                .toMillis());
        long ingestMs = Duration.between(submitted, run.started).toMillis();

        RawKafkaBaseline.Result raw = RawKafkaBaseline.run(context.stack().bootstrap(), items, spec.dispatchRecordBytes());
        double ratio = pipeline / raw.perSecond();

        table.row("pipeline items/s (first dispatch → batch.completed)", String.format("%,.0f", pipeline), TARGET,
                String.format("%,d items in %,d ms; status %s", items,
                        Duration.between(run.firstDispatch, run.completed.occurredAt()).toMillis(),
                        run.completed.status()));
        table.row("raw Kafka records/s (produce + consume)", String.format("%,.0f", raw.perSecond()), "",
                String.format("%,d records of %d B, 12 partitions, in %,d ms", raw.records(), raw.recordBytes(),
                        raw.millis()));
        table.row("pipeline / raw Kafka", String.format("%.3f", ratio), "", "");
        table.row("ingest (commands sent → batch.started)", String.format("%,d ms", ingestMs), "",
                String.format("%,d append-items chunks of %,d", (items + CommandWriter.CHUNK - 1) / CommandWriter.CHUNK,
                        CommandWriter.CHUNK));
        table.row("progress topology behind when the batch completed", backlog < 0 ? "n/a"
                : String.format("%,d events", backlog), "", String.format("folded %,d ms later: how stale the "
                        + "snapshots were (the item feed does not wait for it)", drained.toMillis()));
        table.data("items", items).data("pipelineItemsPerSecond", pipeline).data("rawRecordsPerSecond", raw.perSecond())
                .data("rawMillis", raw.millis()).data("recordBytes", raw.recordBytes()).data("ratio", ratio)
                .data("ingestMs", ingestMs).data("completed", run.completed.completed())
                .data("failed", run.completed.failed()).data("progressBacklogAtCompletion", backlog)
                .data("progressBacklogDrainedMs", drained.toMillis());
        CpuAccounting.report(table, cpu, wall);
        return table;
    }

    private record Run(Instant started, Instant firstDispatch, BatchCompleted completed) {
    }

    private static Run runBatch(BenchContext context, BatchSpec spec) {
        UUID batchId = context.commands().submit(spec);
        context.commands().flush();
        BatchCompleted completed = context.awaitCompletion(batchId, Duration.ofMinutes(30));
        Instant started = context.tap().startedAt(batchId);
        Instant firstDispatch = context.tap().firstDispatchAt(batchId);
        context.tap().forget(batchId);
        if (completed.completed() != spec.items()) {
            throw new IllegalStateException("batch " + batchId + " ended " + completed.status() + " with "
                    + completed.completed() + " of " + spec.items() + " items completed");
        }
        return new Run(started, firstDispatch != null ? firstDispatch : started, completed);
    }
}
