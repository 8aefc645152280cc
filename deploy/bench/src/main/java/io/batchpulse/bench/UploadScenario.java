package io.batchpulse.bench;

import io.batchpulse.deploy.HeapSampler;
import io.batchpulse.events.json.EventJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * (7) A file batch as a user's tool sends it: a generated JSONL file (about 135 bytes a line)
 * declared, sent in 50 MB chunks over loopback and made into a batch. The gateway reads the file
 * twice: pass 1 parses and checks it before it answers, pass 2 feeds the items to batch-commands
 * (done when the orchestrator starts the batch). The gateway's and the orchestrator's heap are
 * sampled meanwhile: a service that held the file's items would show them in its old generation.
 * The batch runs at one item a second and is cancelled afterwards; its items are not measured.
 */
final class UploadScenario implements Scenario {

    private static final int CHUNK = 50 * 1024 * 1024;

    @Override
    public String name() {
        return "upload";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int lines = context.options().uploadLines();
        ResultTable table = new ResultTable(name(), String.format("a %,d-line JSONL file in %d MB chunks, made into "
                + "a batch", lines, CHUNK >> 20));
        Path file = generate(context.options().results().resolveSibling("upload.jsonl"), lines);
        try {
            measure(context, table, file, lines);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("bench: cannot delete " + file + ": " + e.getMessage());
            }
        }
        return table;
    }

    private static void measure(BenchContext context, ResultTable table, Path file, int lines) {
        GatewayApi api = context.api();
        String token = context.token();
        long size = size(file);
        UUID upload = api.declareUpload(token, "bench.jsonl", size, "jsonl");
        long started = System.nanoTime();
        send(api, token, upload, file, size);
        double uploadSeconds = secondsSince(started);

        Service gateway = context.stack().gatewayService();
        Service orchestrator = context.stack().services().stream()
                .filter(service -> service.name().equals("batch-orchestrator")).findFirst().orElse(gateway);
        long liveBefore = context.memory().liveHeap(gateway);
        UUID batch;
        double pass1;
        double pass2;
        String gatewayPeaks;
        String orchestratorPeaks;
        try (HeapSampler gatewayHeap = sampler(gateway); HeapSampler orchestratorHeap = sampler(orchestrator)) {
            started = System.nanoTime();
            batch = api.createFromUpload(token, upload, spec());
            pass1 = secondsSince(started);
            started = System.nanoTime();
            context.awaitStarted(batch, Duration.ofMinutes(10));
            pass2 = secondsSince(started);
            gatewayPeaks = heap(gatewayHeap);
            orchestratorPeaks = heap(orchestratorHeap);
        }
        long liveAfter = context.memory().liveHeap(gateway);
        table.row("upload", String.format("%.1f s", uploadSeconds), "",
                String.format("%,d bytes in %d PATCHes, %.1f MB/s", size, (size + CHUNK - 1) / CHUNK,
                        size / 1e6 / uploadSeconds));
        table.row("pass 1: parse, check, hash (until the create is answered)", String.format("%.1f s", pass1), "",
                String.format("%,.0f items/s", lines / pass1));
        table.row("pass 2: parse, chunk, write to batch-commands (until the batch starts)",
                String.format("%.1f s", pass2), "", String.format("%,.0f items/s", lines / pass2));
        table.row("gateway heap during both passes: peak used / peak old generation", gatewayPeaks, "flat",
                "jstat every 500 ms; the file is " + Memory.mb(size));
        table.row("orchestrator heap during both passes: peak used / peak old generation", orchestratorPeaks);
        table.row("gateway live heap before → after", Memory.mb(liveBefore) + " → " + Memory.mb(liveAfter));
        table.data("lines", lines).data("bytes", size).data("uploadSeconds", uploadSeconds).data("pass1Seconds", pass1)
                .data("pass2Seconds", pass2).data("gatewayLiveHeapBefore", liveBefore)
                .data("gatewayLiveHeapAfter", liveAfter);
        cancel(context, table, batch);
    }

    private static Path generate(Path file, int lines) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                for (int i = 0; i < lines; i++) {
                    out.write(("{\"label\":\"sheet " + i + "\",\"payload\":{\"sheet\":" + i + ",\"student\":\"S"
                            + (100_000 + i) + "\",\"answers\":\"ABCDABCDABCDABCDABCDABCDABCDABCD\","
                            + "\"scanner\":\"omr-3\"}}\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file in chunks at the server's offset: the benchmark holds one chunk at a time. */
    private static void send(GatewayApi api, String token, UUID upload, Path file, long size) {
        try (InputStream in = Files.newInputStream(file)) {
            long offset = 0;
            while (offset < size) {
                offset = api.patchUpload(token, upload, offset, in.readNBytes(CHUNK));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode spec() {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", "bench upload").put("processor", BatchSpec.PROCESSOR);
        body.putObject("config").put("latencyMs", 0).put("failureRate", 0.0).put("seed", 7);
        body.putObject("options").put("maxInFlight", 16).put("itemsPerSecond", 1);
        return body;
    }

    /**
     * The answer (200) means the orchestrator has cancelled it. Cancelling a large batch is one long
     * UPDATE, so the answer may come after the gateway's reply timeout (503): the cancel is applied
     * all the same.
     */
    private static void cancel(BenchContext context, ResultTable table, UUID batch) {
        try {
            context.api().control(context.token(), batch, "cancel");
        } catch (IllegalStateException e) {
            table.row("(cancelling the batch afterwards)", "not confirmed", "", e.getMessage());
        } finally {
            context.tap().forget(batch);
        }
    }

    /** A sampler for a service the benchmark started (jstat needs its pid), else none. */
    private static HeapSampler sampler(Service service) {
        return service.pid().isPresent() ? new HeapSampler(service.pid().getAsLong()) : null;
    }

    private static String heap(HeapSampler sampler) {
        return sampler == null || sampler.samples() == 0 ? "n/a"
                : sampler.peakHeapUsedMb() + " / " + sampler.peakOldGenerationMb() + " MB";
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
