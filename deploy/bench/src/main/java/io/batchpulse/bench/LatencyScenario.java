package io.batchpulse.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * (2) A batch dispatched at a steady rate (itemsPerSecond) for a fixed time, watched by one SSE
 * client: item.completed occurredAt (the worker's publish time) → the client has the event, and
 * → the client has the first batch.progress that includes it. Same machine, same clock.
 */
final class LatencyScenario implements Scenario {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int rate = context.options().rate();
        Duration duration = context.options().duration();
        ResultTable table = new ResultTable(name(), String.format("%,d items/s for %d s, one SSE client "
                + "(okhttp-eventsource)", rate, duration.toSeconds()));
        try {
            probe(context);
        } catch (ProgressStream.Unavailable e) {
            return table.unavailable("SSE endpoint not available (" + e.getMessage() + ")");
        }

        // a backlog an earlier scenario left in the progress topology would be timed as freshness
        Duration drained = ProgressBacklog.awaitDrained(context.stack().bootstrap(), context.topics().batchEvents(),
                Duration.ofMinutes(10));
        int items = (int) (rate * duration.toSeconds());
        BatchSpec spec = new BatchSpec("bench latency", items, 0, Math.max(64, rate / 5), (double) rate);
        UUID batchId = context.commands().submit(spec);
        context.commands().flush();
        context.awaitStarted(batchId, Duration.ofMinutes(5));

        Service gateway = context.stack().gatewayService();
        // counted since the gateway started: what earlier scenarios and the warm-up dropped is left out
        double droppedBefore = context.api().droppedFeedEvents(gateway, context.token());
        FeedLatency latency = new FeedLatency();
        Instant cpuFrom = Instant.now();
        Map<String, Duration> cpuBefore = CpuAccounting.sample(context.stack());
        AtomicBoolean complete = new AtomicBoolean();
        AtomicInteger gaps = new AtomicInteger();
        AtomicInteger unreadable = new AtomicInteger();
        try (ProgressStream stream = new ProgressStream(context.api().base(), context.token(), batchId)) {
            stream.connect();
            Thread reader = new Thread(() -> complete.set(stream.read(received -> {
                try {
                    switch (received.event().name()) {
                        case "batch.progress" -> latency.snapshot(received.event().data(), received.at());
                        case "item.completed" -> latency.itemCompleted(received.event().data(),
                                received.event().id(), received.at());
                        case "feed.gap" -> gaps.incrementAndGet();
                        default -> {
                            // other events are not timed
                        }
                    }
                } catch (RuntimeException e) {
                    unreadable.incrementAndGet();
                }
            })), "bench-latency-reader");
            reader.start();
            reader.join(duration.plusSeconds(120).toMillis());
            stream.close(); // ends a read that is still waiting (no batch.complete in time)
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ProgressStream.Unavailable e) {
            return table.unavailable("SSE endpoint not available (" + e.getMessage() + ")");
        }
        Map<String, Duration> cpu = CpuAccounting.between(cpuBefore, CpuAccounting.sample(context.stack()));
        Duration wall = Duration.between(cpuFrom, Instant.now());
        context.tap().forget(batchId);
        double lagCount = context.api().metric(gateway, context.token(), "batchpulse.progress.snapshot.lag", "COUNT");
        double lagTotal = context.api().metric(gateway, context.token(), "batchpulse.progress.snapshot.lag",
                "TOTAL_TIME");
        double dropped = context.api().droppedFeedEvents(gateway, context.token())
                - Math.max(0, droppedBefore);

        Percentiles.rows(table, "event → client (item.completed)", latency.delivery(), "≤ 20 ms", "≤ 100 ms");
        Percentiles.rows(table, "snapshot freshness (event → batch.progress)", latency.freshness(), "", "≤ 250 ms");
        table.row("item.completed events received", String.format("%,d of %,d", latency.itemEvents(), items), "",
                latency.uncovered() > 0 ? latency.uncovered() + " never covered by a snapshot" : "");
        table.row("batch.progress snapshots received", String.format("%,d", latency.snapshots()), "",
                String.format("%.1f/s", latency.snapshots() / (double) Math.max(1, duration.toSeconds())));
        table.row("batch.complete received", complete.get() ? "yes" : "no", "yes", "");
        table.row("feed.gap notices, unreadable or untimed events", String.format("%d, %d, %d", gaps.get(),
                unreadable.get(), latency.untimed()), "0, 0, 0", "");
        table.row("gateway's own snapshot lag timer, mean", lagCount <= 0 ? "n/a"
                : String.format("%.1f ms", lagTotal * 1000 / lagCount), "",
                "batchpulse.progress.snapshot.lag since the gateway started (event time → snapshot in its store)");
        table.row("gateway's dropped feed events (slow client)", dropped < 0 ? "n/a" : String.format("%,.0f", dropped));
        table.data("rate", rate).data("seconds", duration.toSeconds()).data("items", items)
                .data("itemEvents", latency.itemEvents()).data("snapshots", latency.snapshots())
                .data("batchComplete", complete.get()).data("feedGaps", gaps.get())
                .data("unreadable", unreadable.get());
        table.row("waited for the progress topology to fold earlier events", String.format("%,d ms",
                drained.toMillis()));
        CpuAccounting.report(table, cpu, wall);
        return table;
    }

    /** A one-item batch through the REST API, then its stream: 404 means the endpoint is not there yet. */
    private static void probe(BenchContext context) {
        UUID probe = context.api().create(context.token(), new BatchSpec("bench sse probe", 1, 0, 1, null).restBody());
        try (ProgressStream stream = new ProgressStream(context.api().base(), context.token(), probe)) {
            stream.connect();
        }
    }
}
