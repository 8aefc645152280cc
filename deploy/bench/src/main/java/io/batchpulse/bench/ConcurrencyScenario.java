package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.model.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * (4) Many small batches started within a second (commands written in one burst, so they really
 * run at once): all complete, no command refused, and fairness — each batch's own run time
 * (batch.started → batch.completed, the orchestrator's event times), max over min.
 */
final class ConcurrencyScenario implements Scenario {

    @Override
    public String name() {
        return "concurrency";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int batches = context.options().batches();
        int items = context.options().batchItems();
        ResultTable table = new ResultTable(name(), String.format("%,d batches of %,d items at once (maxInFlight 32)",
                batches, items));
        int rejectedBefore = context.tap().rejections().size();
        List<UUID> ids = new ArrayList<>(batches);
        Instant submitted = Instant.now();
        for (int i = 0; i < batches; i++) {
            ids.add(context.commands().submit(new BatchSpec("bench concurrent " + i, items, 0, 32, null)));
        }
        context.commands().flush();
        long submitMs = Duration.between(submitted, Instant.now()).toMillis();
        List<CompletableFuture<BatchCompleted>> done = ids.stream().map(context.tap()::completion).toList();
        try {
            BenchContext.await(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)), Duration.ofMinutes(20),
                    "every batch to complete");
        } catch (IllegalStateException e) {
            // counted below
        }
        Histogram runTimes = Percentiles.histogram();
        int completedOk = 0;
        int notCompleted = 0;
        long failedItems = 0;
        Instant firstStart = null;
        Instant lastEnd = null;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < ids.size(); i++) {
            BatchCompleted completed = done.get(i).getNow(null);
            Instant started = context.tap().startedAt(ids.get(i));
            if (completed == null || started == null) {
                notCompleted++;
                continue;
            }
            if (completed.status() == BatchStatus.COMPLETED && completed.completed() == items) {
                completedOk++;
            }
            failedItems += completed.failed();
            long ms = Math.max(0, Duration.between(started, completed.occurredAt()).toMillis());
            runTimes.recordValue(ms * 1000);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
            firstStart = firstStart == null || started.isBefore(firstStart) ? started : firstStart;
            lastEnd = lastEnd == null || completed.occurredAt().isAfter(lastEnd) ? completed.occurredAt() : lastEnd;
        }
        int rejected = context.tap().rejections().size() - rejectedBefore;
        ids.forEach(context.tap()::forget);
        long wallMs = lastEnd == null ? -1 : Duration.between(firstStart, lastEnd).toMillis();
        double fairness = completedOk == 0 ? Double.NaN : max / (double) Math.max(1, min);

        table.row("batches completed with every item", String.format("%,d of %,d", completedOk, batches), "all",
                notCompleted > 0 ? notCompleted + " without batch.completed" : "");
        table.row("errors (commands refused, items failed)", String.format("%d, %d", rejected, failedItems), "0, 0", "");
        table.row("batch run time min / max", String.format("%,d ms / %,d ms", min == Long.MAX_VALUE ? 0 : min, max),
                "", "batch.started → batch.completed");
        table.row("fairness (max / min run time)", String.format("%.2f", fairness), "", "1.00 = all end together");
        Percentiles.rows(table, "batch run time", runTimes, "", "");
        table.row("all batches, first start → last end", String.format("%,d ms", wallMs), "",
                String.format("%,.0f items/s overall", batches * (double) items * 1000 / Math.max(1, wallMs)));
        table.data("batches", batches).data("itemsPerBatch", items).data("completed", completedOk)
                .data("notCompleted", notCompleted).data("rejected", rejected).data("failedItems", failedItems)
                .data("minRunMs", min).data("maxRunMs", max).data("fairness", fairness).data("wallMs", wallMs)
                .data("submitMs", submitMs);
        return table;
    }
}
