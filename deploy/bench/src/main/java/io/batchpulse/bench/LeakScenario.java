package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.model.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * (6) Small batches back to back through the REST API (create → wait for batch.completed → next),
 * so every per-batch structure of every service is made and should be let go. Live heap (after
 * forced full GCs) after the first 50 batches, the baseline, against the live heap at the end.
 */
final class LeakScenario implements Scenario {

    private static final int BASELINE_AFTER = 50;
    private static final int ITEMS = 10;

    @Override
    public String name() {
        return "leak";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int batches = context.options().leakBatches();
        ResultTable table = new ResultTable(name(), String.format("%,d batches of %d items back to back (REST create)",
                batches, ITEMS));
        BatchSpec spec = new BatchSpec("bench leak", ITEMS, 0, 32, null);
        Map<String, Long> baseline = null;
        int completedOk = 0;
        Instant start = Instant.now();
        for (int i = 1; i <= batches; i++) {
            UUID id = context.api().create(context.token(), spec.restBody());
            BatchCompleted completed = context.awaitCompletion(id, Duration.ofMinutes(2));
            context.tap().forget(id);
            if (completed.status() == BatchStatus.COMPLETED && completed.completed() == ITEMS) {
                completedOk++;
            }
            if (i == BASELINE_AFTER) {
                baseline = context.memory().liveHeaps();
            }
        }
        long elapsedMs = Duration.between(start, Instant.now()).toMillis();
        Map<String, Long> end = context.memory().liveHeaps();

        table.row("batches completed", String.format("%,d of %,d", completedOk, batches), "all",
                String.format("%,.1f batches/s (create → completed, one at a time)", batches * 1000.0 / elapsedMs));
        for (Map.Entry<String, Long> entry : end.entrySet()) {
            long before = baseline.get(entry.getKey());
            long after = entry.getValue();
            String delta = before < 0 || after < 0 ? "n/a" : String.format("%+.1f MB", (after - before) / 1_048_576.0);
            table.row(entry.getKey() + " live heap after " + BASELINE_AFTER + " → after " + batches,
                    Memory.mb(before) + " → " + Memory.mb(after), "back to baseline", delta);
        }
        table.data("batches", batches).data("completed", completedOk).data("elapsedMs", elapsedMs)
                .data("liveHeapAfterBaseline", baseline).data("liveHeapAtEnd", end);
        return table;
    }
}
