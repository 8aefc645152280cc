package io.batchpulse.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;

/**
 * (9) Many viewers of ONE batch dispatched at a steady rate: every viewer connects while the batch is
 * paused, then it runs, and each {@code item.completed} is timed from its {@code timestamp} (the
 * worker's publish time) to the moment each viewer has it: the gateway's fan-out under load. A
 * viewer that falls behind gets {@code feed.gap} instead of the skipped items (the SSE contract),
 * so the table reports how many item events reached the viewers beside the latency of those that did.
 * A batch with more viewers than the gateway's {@code crowd-size} sends them a sample of its item
 * events and {@code feed.sampled} notices counting the rest: the table sums those counts, so item
 * events sent plus left out can be checked against the batch's.
 */
final class FanoutScenario implements Scenario {

    private static final String TIMESTAMP = "\"timestamp\":\"";
    private static final String SKIPPED = "\"skipped\":";

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int viewers = context.options().viewers();
        int rate = context.options().rate();
        Duration duration = context.options().duration();
        int items = (int) (rate * duration.toSeconds());
        ResultTable table = new ResultTable(name(), String.format("%,d viewers of one batch, %,d items/s for %d s",
                viewers, rate, duration.toSeconds()));
        UUID batchId = context.commands().submit(new BatchSpec("bench fan-out", items, 0, Math.max(64, rate / 5),
                (double) rate));
        context.commands().pause(batchId);
        context.commands().flush();
        context.awaitStarted(batchId, Duration.ofMinutes(5));
        // the pause follows the seal, so a quick stack runs an item or two before it: their events
        // happened before any viewer joined, and the viewers' counts start after them
        long finishedBefore = awaitPausedAndQuiet(context, batchId);

        List<String> tokens = ConnectionsScenario.viewerTokens(context, viewers);
        URI url = context.api().base().resolve("/api/v1/batches/" + batchId + "/progress");
        Recorder delivery = new Recorder(3_600_000_000L, 3);
        LongAdder itemEvents = new LongAdder();
        LongAdder gaps = new LongAdder();
        LongAdder allItemEvents = new LongAdder();
        LongAdder notices = new LongAdder();
        LongAdder leftOut = new LongAdder();
        LongAdder untimed = new LongAdder();
        Consumer<SseEvent> timing = event -> {
            if (event.name().startsWith("item.")) {
                allItemEvents.increment();
            }
            switch (event.name()) {
                case "item.completed" -> {
                    Instant at = timestamp(event.data());
                    if (at == null) {
                        untimed.increment();
                    } else {
                        delivery.recordValue(Math.max(0, ChronoUnit.MICROS.between(at, Instant.now())));
                        itemEvents.increment();
                    }
                }
                case "feed.gap" -> gaps.increment();
                case "feed.sampled" -> {
                    notices.increment();
                    leftOut.add(skipped(event.data()));
                }
                default -> {
                    // snapshots, starts and the end are counted by the connection, not timed
                }
            }
        };
        try (SseConnections clients = new SseConnections()) {
            Instant connectStart = Instant.now();
            List<CompletableFuture<Void>> opened = clients.openAll(viewers, i -> url,
                    i -> tokens.get(i % tokens.size()), timing);
            try {
                BenchContext.await(CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)),
                        Duration.ofMinutes(5), "all viewers to connect");
            } catch (IllegalStateException e) {
                // counted below
            }
            long connectMs = Duration.between(connectStart, Instant.now()).toMillis();
            int open = (int) opened.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            if (open == 0) {
                context.commands().resume(batchId);
                context.commands().flush();
                return table.unavailable("no viewer connected (HTTP statuses " + clients.statuses() + ", errors "
                        + clients.errorSamples() + ")");
            }
            delivery.reset(); // the snapshot on connect times nothing, but be exact about the window

            Service gateway = context.stack().gatewayService();
            // counted since the gateway started: what earlier scenarios and the warm-up dropped is left out
            double droppedBefore = context.api().droppedFeedEvents(gateway, context.token());
            Map<String, Duration> cpuBefore = CpuAccounting.sample(context.stack());
            Instant from = Instant.now();
            context.commands().resume(batchId);
            context.commands().flush();
            Instant deadline = from.plus(duration).plusSeconds(180);
            while (clients.completed() < open && Instant.now().isBefore(deadline)) {
                BenchContext.pause(Duration.ofMillis(250));
            }
            Duration wall = Duration.between(from, Instant.now());
            Map<String, Duration> cpu = CpuAccounting.between(cpuBefore, CpuAccounting.sample(context.stack()));
            Histogram latency = delivery.getIntervalHistogram();
            double dropped = context.api().droppedFeedEvents(gateway, context.token())
                    - Math.max(0, droppedBefore);

            table.row("viewers connected", String.format("%,d of %,d", open, viewers), "5,000",
                    String.format("in %,d ms; HTTP %s", connectMs, clients.statuses()));
            Percentiles.rows(table, "fan-out, item.completed → each viewer", latency, "", "≤ 200 ms");
            long expected = (items - finishedBefore) * open;
            table.row("item.completed delivered (all viewers)", String.format("%,d of %,d (%.1f %%)",
                    itemEvents.sum(), expected, 100.0 * itemEvents.sum() / Math.max(1, expected)), "",
                    "the rest skipped under feed.gap notices (slow viewers get the newest snapshot instead)");
            table.row("feed.gap notices", String.format("%,d", gaps.sum()), "", String.format("%.2f per viewer",
                    gaps.sum() / (double) open));
            table.row("item events sent (all viewers)", String.format("%,d", allItemEvents.sum()), "",
                    String.format("%,.1f per viewer a second", allItemEvents.sum() / (double) open
                            / Math.max(0.001, wall.toMillis() / 1000.0)));
            table.row("feed.sampled notices / item events they count as left out", String.format("%,d / %,d",
                    notices.sum(), leftOut.sum()), "", String.format("sent + left out = %,d of %,d (2 per item; "
                    + "finished before the viewers joined: %,d)", allItemEvents.sum() + leftOut.sum(),
                    2L * (items - finishedBefore) * open, finishedBefore));
            table.row("viewers that received batch.complete", String.format("%,d of %,d", clients.completed(), open),
                    "all", clients.failed() > 0 ? clients.failed() + " failed: " + clients.errorSamples() : "");
            table.row("events written to the viewers", String.format("%,d", clients.events()), "",
                    String.format("%,.0f/s over %.1f s", clients.events() / Math.max(0.001, wall.toMillis() / 1000.0),
                            wall.toMillis() / 1000.0));
            table.row("gateway's dropped feed events", dropped < 0 ? "n/a" : String.format("%,.0f", dropped));
            table.row("untimed item events", String.format("%,d", untimed.sum()), "0", "");
            table.data("viewers", viewers).data("open", open).data("rate", rate).data("seconds", duration.toSeconds())
                    .data("items", items).data("itemEventsDelivered", itemEvents.sum())
                    .data("itemEventsExpected", expected).data("feedGaps", gaps.sum())
                    .data("itemEventsSent", allItemEvents.sum()).data("sampledNotices", notices.sum())
                    .data("itemEventsLeftOut", leftOut.sum()).data("finishedBeforeViewers", finishedBefore)
                    .data("completed", clients.completed()).data("failed", clients.failed())
                    .data("events", clients.events()).data("connectMs", connectMs);
            CpuAccounting.report(table, cpu, wall);
        }
        context.tap().forget(batchId);
        return table;
    }

    /** Waits until the batch is paused with nothing in flight; the items finished by then. */
    private static long awaitPausedAndQuiet(BenchContext context, UUID batchId) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode batch = context.api().batch(context.token(), batchId);
            if ("paused".equalsIgnoreCase(batch.path("status").asString())
                    && batch.path("inProgressItems").asLong() == 0) {
                return batch.path("completedItems").asLong() + batch.path("failedItems").asLong();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("batch " + batchId + " not paused and quiet: " + batch);
            }
            BenchContext.pause(Duration.ofMillis(100));
        }
    }

    /** A feed.sampled's {@code skipped}, found without a JSON parse (0 if it has none). */
    static long skipped(String data) {
        int start = data.indexOf(SKIPPED);
        if (start < 0) {
            return 0;
        }
        start += SKIPPED.length();
        int end = start;
        while (end < data.length() && Character.isDigit(data.charAt(end))) {
            end++;
        }
        return end == start ? 0 : Long.parseLong(data.substring(start, end));
    }

    /** The feed event's {@code timestamp}, found without a JSON parse: this client reads millions of them. */
    static Instant timestamp(String data) {
        int start = data.indexOf(TIMESTAMP);
        if (start < 0) {
            return null;
        }
        start += TIMESTAMP.length();
        int end = data.indexOf('"', start);
        if (end < 0) {
            return null;
        }
        try {
            return Instant.parse(data.substring(start, end));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
