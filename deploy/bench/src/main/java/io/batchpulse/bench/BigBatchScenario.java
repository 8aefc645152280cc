package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * (5) One very large batch (create + append-items chunks + seal on batch-commands, as any tool
 * with write access may: the REST API takes at most 10,000 items per request). Every service's
 * heap in use is sampled every two seconds; its live heap (after a forced full GC) is read when
 * dispatch starts and at each quarter of the batch. Flat memory = the live heap at the end is
 * about what it was at the first quarter.
 */
final class BigBatchScenario implements Scenario {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    private static final double[] CHECKPOINTS = {0.25, 0.5, 0.75};

    @Override
    public String name() {
        return "bigbatch";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int items = context.options().bigItems();
        ResultTable table = new ResultTable(name(), String.format("one %,d-item batch, maxInFlight %,d", items,
                context.options().maxInFlight()));
        List<Service> services = context.stack().services();
        Map<String, List<Long>> live = new LinkedHashMap<>();
        Map<String, Long> maxUsed = new LinkedHashMap<>();
        Map<String, List<Long>> rss = new LinkedHashMap<>();
        services.forEach(s -> {
            live.put(s.name(), new ArrayList<>());
            maxUsed.put(s.name(), -1L);
            rss.put(s.name(), new ArrayList<>());
        });

        Instant submitted = Instant.now();
        UUID batchId = context.commands().submit(new BatchSpec("bench big batch", items, 0,
                context.options().maxInFlight(), null));
        context.commands().flush();
        CompletableFuture<BatchCompleted> done = context.tap().completion(batchId);
        while (context.tap().startedAt(batchId) == null && !done.isDone()) {
            BenchContext.pause(Duration.ofMillis(100));
        }
        Instant started = Instant.now();
        checkpoint(context, services, live, rss);

        int next = 0;
        Instant deadline = started.plus(Duration.ofHours(1));
        List<Map<String, Object>> samples = new ArrayList<>();
        while (!done.isDone() && Instant.now().isBefore(deadline)) {
            BenchContext.pause(SAMPLE_EVERY);
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("atMs", Duration.between(started, Instant.now()).toMillis());
            for (Service service : services) {
                long used = context.memory().heapUsed(service);
                maxUsed.merge(service.name(), used, Math::max);
                sample.put(service.name(), used);
            }
            samples.add(sample);
            long completed = context.api().batch(context.token(), batchId).path("completedItems").asLong();
            if (next < CHECKPOINTS.length && completed >= CHECKPOINTS[next] * items) {
                checkpoint(context, services, live, rss);
                next++;
            }
        }
        BatchCompleted completed = BenchContext.await(done, Duration.ofSeconds(1), "the big batch to complete");
        checkpoint(context, services, live, rss);
        context.tap().forget(batchId);

        long runMs = Duration.between(started, completed.occurredAt()).toMillis();
        table.row("items completed", String.format("%,d of %,d", completed.completed(), items), "all",
                String.format("%s; %,.0f items/s; ingest %,d s", completed.status(),
                        completed.completed() * 1000.0 / Math.max(1, runMs),
                        Duration.between(submitted, started).toSeconds()));
        for (Service service : services) {
            List<Long> heaps = live.get(service.name());
            List<Long> rssValues = rss.get(service.name());
            table.row(service.name() + " live heap start/25/50/75/end %", heaps.stream().map(Memory::mb).toList()
                    .toString(), "flat", verdict(heaps) + "; max in use " + Memory.mb(maxUsed.get(service
                            .name())) + "; RSS " + Memory.mb(rssValues.get(0)) + " → "
                    + Memory.mb(rssValues.get(rssValues.size() - 1)));
        }
        table.data("items", items).data("completed", completed.completed()).data("runMs", runMs).data("liveHeaps", live)
                .data("maxHeapUsed", maxUsed).data("rss", rss).data("samples", samples);
        return table;
    }

    private static void checkpoint(BenchContext context, List<Service> services, Map<String, List<Long>> live,
            Map<String, List<Long>> rss) {
        for (Service service : services) {
            live.get(service.name()).add(context.memory().liveHeap(service));
            rss.get(service.name()).add(Memory.rss(service));
        }
    }

    /** Flat: the end's live heap is within 10 % (or 16 MB) of the first quarter's. */
    static String verdict(List<Long> heaps) {
        if (heaps.size() < 3 || heaps.contains(-1L)) {
            return "n/a";
        }
        long quarter = heaps.get(1);
        long end = heaps.get(heaps.size() - 1);
        return end - quarter <= Math.max(16L * 1_048_576, quarter / 10) ? "flat" : "GROWS";
    }
}
