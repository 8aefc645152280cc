package io.batchpulse.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * (8) Sockets that never read, attached to a busy batch: does a normal viewer of the same batch
 * still get its events, and does the REST API still answer? The same run twice, one after the
 * other on the same stack: a batch at {@code --rate} items/s for {@code --duration} watched by one
 * viewer while REST reads are timed, first alone, then with {@code --stalled} sockets (tiny receive
 * buffer, request sent, answer never read) on that batch. The ratios compare the two.
 */
final class SlowReadersScenario implements Scenario {

    private static final int STREAMS_PER_USER = 10;
    private static final Duration REST_EVERY = Duration.ofMillis(50);

    /** What one phase measured. */
    private record Phase(FeedLatency latency, Histogram gaps, Histogram rest, boolean complete, int stalledOpen) {
    }

    @Override
    public String name() {
        return "slowreaders";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int stalled = context.options().stalledReaders();
        int rate = context.options().rate();
        Duration duration = context.options().duration();
        ResultTable table = new ResultTable(name(), String.format("%,d items/s for %d s, one viewer, without and "
                + "with %,d sockets that never read on the same batch", rate, duration.toSeconds(), stalled));
        Service gateway = context.stack().gatewayService();
        double slowClosedBefore = context.api().metric(gateway, context.token(), "batchpulse.sse.slow.closed", "COUNT");
        Phase alone;
        Phase crowded;
        try {
            alone = phase(context, 0);
            crowded = phase(context, stalled);
        } catch (ProgressStream.Unavailable e) {
            return table.unavailable("SSE endpoint not available (" + e.getMessage() + ")");
        }
        double slowClosed = context.api().metric(gateway, context.token(), "batchpulse.sse.slow.closed", "COUNT");

        table.row("stalled sockets open on the batch", String.format("%,d of %,d", crowded.stalledOpen(), stalled));
        rows(table, "alone", alone);
        rows(table, "with stalled sockets", crowded);
        table.row("item event p99, stalled / alone", ratio(crowded.latency().delivery(), alone.latency().delivery()));
        table.row("REST p99, stalled / alone", ratio(crowded.rest(), alone.rest()));
        table.row("streams closed as slow (slow-client-timeout)", slowClosed < 0 ? "n/a"
                : String.format("%,.0f", slowClosed - Math.max(0, slowClosedBefore)));
        table.data("stalled", stalled).data("stalledOpen", crowded.stalledOpen()).data("rate", rate)
                .data("seconds", duration.toSeconds()).data("aloneComplete", alone.complete())
                .data("crowdedComplete", crowded.complete());
        return table;
    }

    private static void rows(ResultTable table, String label, Phase phase) {
        Percentiles.rows(table, "event → viewer (item.completed), " + label, phase.latency().delivery(), "",
                "≤ 200 ms");
        Percentiles.rows(table, "gap between item events, " + label, phase.gaps(), "", "");
        Percentiles.rows(table, "REST GET /batches/{id}, " + label, phase.rest(), "", "≤ 100 ms");
        table.row("batch.complete received, " + label, phase.complete() ? "yes" : "no", "yes", "");
    }

    private static String ratio(Histogram over, Histogram under) {
        if (over.getTotalCount() == 0 || under.getTotalCount() == 0 || under.getValueAtPercentile(99) == 0) {
            return "n/a";
        }
        return String.format("%.2f", (double) over.getValueAtPercentile(99) / under.getValueAtPercentile(99));
    }

    private static Phase phase(BenchContext context, int stalledCount) {
        int rate = context.options().rate();
        Duration duration = context.options().duration();
        int items = (int) (rate * duration.toSeconds());
        UUID batchId = context.commands().submit(new BatchSpec("bench slow readers " + stalledCount, items, 0,
                Math.max(64, rate / 5), (double) rate));
        context.commands().pause(batchId);
        context.commands().flush();
        context.awaitStarted(batchId, Duration.ofMinutes(5));
        List<Socket> stalled = new ArrayList<>();
        try {
            URI url = context.api().base().resolve("/api/v1/batches/" + batchId + "/progress");
            String token = null;
            for (int i = 0; i < stalledCount; i++) {
                if (i % STREAMS_PER_USER == 0) {
                    // admins under many names: the per-user stream cap must not decide how many stall
                    token = context.api().token("stalled-" + i / STREAMS_PER_USER, true);
                }
                stalled.add(neverReading(url, token));
            }
            FeedLatency latency = new FeedLatency();
            Histogram gaps = Percentiles.histogram();
            Histogram rest = Percentiles.histogram();
            AtomicBoolean complete = new AtomicBoolean();
            AtomicBoolean reading = new AtomicBoolean(true);
            try (ProgressStream stream = new ProgressStream(context.api().base(), context.token(), batchId)) {
                stream.connect();
                Thread reader = new Thread(() -> complete.set(stream.read(new GapRecorder(latency, gaps)::accept)),
                        "bench-slowreaders-viewer");
                Thread prober = new Thread(() -> probeRest(context, batchId, rest, reading), "bench-slowreaders-rest");
                reader.start();
                context.commands().resume(batchId);
                context.commands().flush();
                prober.start();
                reader.join(duration.plusSeconds(120).toMillis());
                reading.set(false);
                stream.close();
                reader.join(5_000);
                prober.join(5_000);
            }
            context.tap().forget(batchId);
            return new Phase(latency, gaps, rest, complete.get(), stalled.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            stalled.forEach(SlowReadersScenario::closeQuietly);
        }
    }

    /** Times a REST read of the batch every {@link #REST_EVERY} while the viewer reads. */
    private static void probeRest(BenchContext context, UUID batchId, Histogram rest, AtomicBoolean reading) {
        while (reading.get()) {
            long start = System.nanoTime();
            try {
                context.api().batch(context.token(), batchId);
                rest.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            } catch (RuntimeException e) {
                // an answer that failed is not a latency; the viewer's numbers tell what went wrong
            }
            BenchContext.pause(REST_EVERY);
        }
    }

    /** Hands each event to the latency measurement and times the gaps between item events. */
    private record GapRecorder(FeedLatency latency, Histogram gaps, AtomicLong lastItemNanos) {

        GapRecorder(FeedLatency latency, Histogram gaps) {
            this(latency, gaps, new AtomicLong());
        }

        void accept(ProgressStream.Received received) {
            SseEvent event = received.event();
            switch (event.name()) {
                case "batch.progress" -> latency.snapshot(event.data(), received.at());
                case "item.completed" -> latency.itemCompleted(event.data(), event.id(), received.at());
                default -> {
                    // only item events are timed
                }
            }
            if (event.name().startsWith("item.")) {
                long now = System.nanoTime();
                long last = lastItemNanos.getAndSet(now);
                if (last != 0) {
                    gaps.recordValue(Math.max(1, (now - last) / 1_000));
                }
            }
        }
    }

    /** A stream request on a socket with a tiny receive buffer, whose answer is never read. */
    private static Socket neverReading(URI url, String token) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 30_000);
            String request = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IllegalStateException("cannot open a stalled stream: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }
}
