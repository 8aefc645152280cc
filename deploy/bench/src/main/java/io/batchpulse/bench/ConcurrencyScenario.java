package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.model.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * (4) Many small batches running at once. Each is created, sealed and paused right away (commands
 * written in one burst); once every one is paused they are all resumed in one burst, so they
 * really compete from the same moment and ingest (one transaction per command) does not stagger
 * them. Then: all complete, no command refused (except a pause that came after its batch already
 * finished), no item failed, and fairness: each batch's completion time from the common start
 * (the resume burst), max over min. Each batch's own run time (batch.resumed → batch.completed)
 * is reported too; it is not the fairness measure, because the burst itself takes seconds and a
 * batch resumed at its end runs alone once the others are done.
 */
final class ConcurrencyScenario implements Scenario {

    private static final int MAX_IN_FLIGHT = 32;

    @Override
    public String name() {
        return "concurrency";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int batches = context.options().batches();
        int items = context.options().batchItems();
        ResultTable table = new ResultTable(name(), String.format(
                "%,d batches of %,d items at once (maxInFlight %d, latencyMs 0)", batches, items, MAX_IN_FLIGHT));
        int rejectedBefore = context.tap().rejections().size();
        List<UUID> ids = new ArrayList<>(batches);
        Instant submitted = Instant.now();
        for (int i = 0; i < batches; i++) {
            UUID id = context.commands().submit(new BatchSpec("bench concurrent " + i, items, 0, MAX_IN_FLIGHT, null));
            context.commands().pause(id);
            ids.add(id);
        }
        context.commands().flush();
        List<CompletableFuture<BatchCompleted>> done = ids.stream().map(context.tap()::completion).toList();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
        while (ids.stream().anyMatch(id -> context.tap().pausedAt(id) == null && !context.tap().completion(id).isDone())
                && Instant.now().isBefore(deadline)) {
            BenchContext.pause(Duration.ofMillis(100));
        }
        long ingestMs = Duration.between(submitted, Instant.now()).toMillis();
        Instant resumeSent = Instant.now();
        ids.forEach(context.commands()::resume);
        context.commands().flush();
        try {
            BenchContext.await(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)), Duration.ofMinutes(20),
                    "every batch to complete");
        } catch (IllegalStateException e) {
            // counted below
        }

        Histogram runTimes = Percentiles.histogram();
        int completedOk = 0;
        int notCompleted = 0;
        int finishedBeforePause = 0;
        long failedItems = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long firstEnd = Long.MAX_VALUE;
        Instant lastResume = null;
        Instant lastEnd = null;
        for (int i = 0; i < ids.size(); i++) {
            BatchCompleted completed = done.get(i).getNow(null);
            Instant resumed = context.tap().resumedAt(ids.get(i));
            if (completed == null) {
                notCompleted++;
                continue;
            }
            if (completed.status() == BatchStatus.COMPLETED && completed.completed() == items) {
                completedOk++;
            }
            failedItems += completed.failed();
            lastEnd = lastEnd == null || completed.occurredAt().isAfter(lastEnd) ? completed.occurredAt() : lastEnd;
            if (resumed == null) {
                finishedBeforePause++;
                continue;
            }
            firstEnd = Math.min(firstEnd, Math.max(1, Duration.between(resumeSent, completed.occurredAt()).toMillis()));
            lastResume = lastResume == null || resumed.isAfter(lastResume) ? resumed : lastResume;
            long ms = Math.max(0, Duration.between(resumed, completed.occurredAt()).toMillis());
            runTimes.recordValue(ms * 1000);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        List<CommandRejected> rejections = context.tap().rejections();
        long refused = rejections.subList(rejectedBefore, rejections.size()).stream()
                .filter(r -> !(r.commandType().equals("pause") || r.commandType().equals("resume"))
                        || !"INVALID_TRANSITION".equals(r.code()))
                .count();
        ids.forEach(context.tap()::forget);
        long wallMs = lastEnd == null ? -1 : Duration.between(resumeSent, lastEnd).toMillis();
        double fairness = firstEnd == Long.MAX_VALUE ? Double.NaN : wallMs / (double) firstEnd;

        table.row("batches completed with every item", String.format("%,d of %,d", completedOk, batches), "all",
                notCompleted > 0 ? notCompleted + " without batch.completed" : "");
        table.row("errors (commands refused, items failed)", String.format("%d, %d", refused, failedItems), "0, 0",
                finishedBeforePause > 0 ? finishedBeforePause + " finished before their pause (not timed)" : "");
        table.row("ingest: create + 50 items + seal + pause, all batches", String.format("%,d ms", ingestMs), "",
                String.format("%,.0f batches/s", batches * 1000.0 / Math.max(1, ingestMs)));
        table.row("resume burst: resumes sent → last batch.resumed", lastResume == null ? "n/a"
                : String.format("%,d ms", Duration.between(resumeSent, lastResume).toMillis()), "", "");
        table.row("completion time first / last", firstEnd == Long.MAX_VALUE ? "n/a"
                : String.format("%,d ms / %,d ms", firstEnd, wallMs), "", "from the resume burst's start");
        table.row("fairness (last / first completion time)", String.format("%.2f", fairness), "",
                "1.00 = all end together");
        table.row("batch run time min / max", String.format("%,d ms / %,d ms", min == Long.MAX_VALUE ? 0 : min, max),
                "", "batch.resumed → batch.completed");
        Percentiles.rows(table, "batch run time", runTimes, "", "");
        table.row("resume sent → last batch.completed", String.format("%,d ms", wallMs), "",
                String.format("%,.0f items/s overall", batches * (double) items * 1000 / Math.max(1, wallMs)));
        table.data("batches", batches).data("itemsPerBatch", items).data("completed", completedOk)
                .data("notCompleted", notCompleted).data("refused", refused).data("failedItems", failedItems)
                .data("ingestMs", ingestMs).data("minRunMs", min).data("maxRunMs", max)
                .data("firstCompletionMs", firstEnd).data("fairness", fairness)
                .data("wallMs", wallMs).data("finishedBeforePause", finishedBeforePause);
        return table;
    }
}
