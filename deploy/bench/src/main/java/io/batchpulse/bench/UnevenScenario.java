package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Items of very uneven length, as AI generation's 2–60 s: by default scaled down a hundredfold to
 * 20–600 ms ({@code --uneven-mean-ms} 310; each item's time drawn uniformly from the mean ± 94 %),
 * all dispatched at once; with {@code --uneven-slow-percent}, that share of them takes 20 × the mean
 * instead (a long tail, as a long answer or an upstream retry gives real generators). What it
 * measures is how well the workers keep their slots busy: the workers' busy time (the items' own
 * durations) against slots × the batch's time from first dispatch to batch.completed. A consumer
 * group's slots idle while a poll's slowest item runs; a share group's
 * ({@code WORKER_DISPATCH_GROUP=share-group}) take the next record as each item ends. Run it once
 * per mode on the same machine and compare. The mode and the slots are read from this process's
 * environment, which the embedded stack's workers inherit (with --target, set them to match).
 */
final class UnevenScenario implements Scenario {

    /** The spread around the mean: 20–600 ms at a mean of 310, as 2–60 s around 31. */
    static final double SPREAD = 29.0 / 31;

    /** A slow item (--uneven-slow-percent) takes this many times the mean. */
    static final int SLOW_FACTOR = 20;

    @Override
    public String name() {
        return "uneven";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int items = context.options().unevenItems();
        int mean = context.options().unevenMeanMs();
        int jitter = (int) Math.round(mean * SPREAD);
        double slowRate = context.options().unevenSlowRate();
        Map<String, String> env = System.getenv();
        String mode = env.getOrDefault("WORKER_DISPATCH_GROUP", "consumer-group");
        int concurrency = Integer.parseInt(env.getOrDefault("WORKER_CONCURRENCY", "3"));
        int parallelism = Integer.parseInt(env.getOrDefault("WORKER_PARALLELISM", "8"));
        int slots = context.options().workers() * concurrency * parallelism;
        ResultTable table = new ResultTable(name(), String.format("%,d items of %d-%d ms%s, %d workers × %d × %d slots, %s",
                items, mean - jitter, mean + jitter, slowRate == 0 ? ""
                        : String.format(" (%.0f %% of them %,d ms)", slowRate * 100, mean * SLOW_FACTOR),
                context.options().workers(), concurrency, parallelism, mode));

        BatchSpec spec = new BatchSpec("bench uneven", items, mean, jitter, slowRate, mean * SLOW_FACTOR, items, null);
        UUID batchId = context.commands().submit(spec);
        context.tap().watchItemTimes(batchId);
        context.commands().flush();
        BatchCompleted completed = context.awaitCompletion(batchId, Duration.ofMinutes(30));
        Instant firstDispatch = context.tap().firstDispatchAt(batchId);
        Duration busy = context.tap().busyTime(batchId);
        context.tap().forget(batchId);

        long runMs = Duration.between(firstDispatch, completed.occurredAt()).toMillis();
        double idealMs = busy.toMillis() / (double) slots;
        double utilization = idealMs / Math.max(1, runMs);
        table.row("batch time (first dispatch → batch.completed)", String.format("%,d ms", runMs), "",
                String.format("%,d completed, %,d failed; %,.0f items/s", completed.completed(), completed.failed(),
                        items * 1000.0 / Math.max(1, runMs)));
        table.row("the items' own time / slots (no slot ever idle)", String.format("%,.0f ms", idealMs), "",
                String.format("%,.1f s of item time over %d slots", busy.toMillis() / 1000.0, slots));
        table.row("slot utilization", String.format("%.2f", utilization), "1.00 is every slot busy throughout",
                "");
        table.data("items", items).data("meanMs", mean).data("slowRate", slowRate).data("mode", mode).data("slots", slots).data("runMs", runMs)
                .data("busyMs", busy.toMillis()).data("idealMs", idealMs).data("utilization", utilization)
                .data("completed", completed.completed()).data("failed", completed.failed());
        return table;
    }
}
