package io.batchpulse.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * (3) Many concurrent SSE connections to one gateway across a few hundred batches. The batches are
 * created and paused at once (commands), so every viewer connects to a live batch; the gateway's
 * live heap (after a forced full GC) is read before and with all connections open; then the
 * batches resume and every viewer must receive batch.complete.
 */
final class ConnectionsScenario implements Scenario {

    private static final int ITEMS_PER_BATCH = 20;
    private static final int STREAMS_PER_VIEWER = 10;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int connections = context.options().connections();
        int batches = Math.min(context.options().connectionBatches(), connections);
        ResultTable table = new ResultTable(name(), String.format("%,d SSE connections over %,d batches, one gateway",
                connections, batches));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            UUID id = context.commands().submit(new BatchSpec("bench viewers " + i, ITEMS_PER_BATCH, 20, 2, null));
            context.commands().pause(id);
            ids.add(id);
        }
        context.commands().flush();
        awaitStarted(context, ids);

        List<String> tokens = viewerTokens(context, connections);
        Service gateway = context.stack().gatewayService();
        try (SseConnections probe = new SseConnections()) {
            URI url = context.api().base().resolve("/api/v1/batches/" + ids.get(0) + "/progress");
            BenchContext.await(probe.open(url, tokens.get(0)), Duration.ofSeconds(30), "the first stream");
        } catch (IllegalStateException e) {
            ids.forEach(context.commands()::resume);
            context.commands().flush();
            return table.unavailable("SSE endpoint not available (" + e.getMessage() + ")");
        }
        long before = context.memory().liveHeap(gateway);
        long directBefore = context.memory().directBuffers(gateway);
        String histogramBefore = Jcmd.classHistogram(gateway);
        try (SseConnections clients = new SseConnections()) {
            Instant connectStart = Instant.now();
            List<CompletableFuture<Void>> opened = clients.openAll(connections,
                    i -> context.api().base().resolve("/api/v1/batches/" + ids.get(i % ids.size()) + "/progress"),
                    i -> tokens.get(i % tokens.size()), event -> {
                    });
            CompletableFuture<Void> all = CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
            try {
                BenchContext.await(all, Duration.ofMinutes(5), "all streams to open");
            } catch (IllegalStateException e) {
                // counted below: the table says how many opened
            }
            long connectMs = Duration.between(connectStart, Instant.now()).toMillis();
            int open = (int) opened.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            if (open == 0) {
                return table.unavailable("no SSE stream opened (HTTP statuses " + clients.statuses() + ", errors "
                        + clients.errorSamples() + ")");
            }
            long during = context.memory().liveHeap(gateway);
            long directDuring = context.memory().directBuffers(gateway);
            String histogram = Jcmd.classHistogram(gateway);
            if (!histogram.isEmpty()) {
                table.data("gatewayClassHistogramWithStreamsOpen", histogram.lines().limit(28).toList());
                // where a stream's heap goes: the classes that grew, per open stream
                table.data("gatewayHeapPerStreamByClass",
                        ClassHistogramDelta.perConnection(histogramBefore, histogram, open, 25));
            }

            ids.forEach(context.commands()::resume);
            context.commands().flush();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (clients.completed() < open && Instant.now().isBefore(deadline)) {
                BenchContext.pause(Duration.ofMillis(500));
            }
            long perConnection = before < 0 || during < 0 ? -1 : (during - before) / open;
            long directPerConnection = directBefore < 0 || directDuring < 0 ? -1 : (directDuring - directBefore) / open;

            table.row("streams open at once", String.format("%,d of %,d", open, connections), "10,000",
                    String.format("opened in %,d ms; HTTP %s", connectMs, clients.statuses()));
            table.row("gateway live heap, no streams", Memory.mb(before));
            table.row("gateway live heap, all streams open", Memory.mb(during));
            table.row("heap per open stream", perConnection < 0 ? "n/a" : String.format("%,d B", perConnection),
                    "reported", "live heap after full GC, difference / streams");
            table.row("direct buffers per open stream",
                    directPerConnection < 0 ? "n/a" : String.format("%,d B", directPerConnection), "reported",
                    "off the heap (jvm.buffer.memory.used, id=direct), difference / streams");
            table.row("viewers that received batch.complete", String.format("%,d of %,d", clients.completed(), open),
                    "all", clients.failed() > 0 ? clients.failed() + " failed: " + clients.errorSamples() : "");
            table.row("events received", String.format("%,d", clients.events()));
            table.data("connections", connections).data("open", open).data("batches", batches)
                    .data("connectMs", connectMs).data("heapBefore", before).data("heapDuring", during)
                    .data("heapPerConnection", perConnection)
                    .data("directBefore", directBefore).data("directDuring", directDuring)
                    .data("directPerConnection", directPerConnection).data("completed", clients.completed())
                    .data("failed", clients.failed());
        }
        ids.forEach(context.tap()::forget);
        return table;
    }

    /**
     * Viewers are admins under many names, as many people would watch: the per-user stream limit
     * (20 by default) must not decide what one gateway can hold.
     */
    static List<String> viewerTokens(BenchContext context, int streams) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < (streams + STREAMS_PER_VIEWER - 1) / STREAMS_PER_VIEWER; i++) {
            tokens.add(context.api().token("viewer-" + i, true));
        }
        return tokens;
    }

    private static void awaitStarted(BenchContext context, List<UUID> ids) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        for (UUID id : ids) {
            while (context.tap().startedAt(id) == null) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("batch " + id + " did not start within 5 minutes");
                }
                BenchContext.pause(Duration.ofMillis(20));
            }
        }
    }
}
