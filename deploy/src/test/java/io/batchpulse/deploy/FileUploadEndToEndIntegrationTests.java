package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.testsupport.sse.SseClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batches from files across real processes: a file is uploaded in chunks through the gateway,
 * streamed into append-items commands and stored by the orchestrator in PostgreSQL, and its stages
 * reach a viewer of the progress stream.
 */
class FileUploadEndToEndIntegrationTests {

    private static final long CHUNK = 50L * 1024 * 1024;
    private static final int MILLION = 1_000_000;

    private static LocalCluster cluster;
    private static Batches batches;
    private static ApiClient api;
    private static UploadClient uploads;

    @TempDir
    Path files;

    @BeforeAll
    static void startCluster() {
        cluster = E2eCluster.get();
        api = ApiClient.as(cluster.gatewayUrl(), "olga");
        batches = new Batches(cluster, api);
        uploads = new UploadClient(cluster.gatewayUrl(), api.token());
    }

    @Test
    void millionLineFileResumedAfterACutConnectionBecomesAMillionItemBatchWithFlatHeaps()
            throws IOException, SQLException {
        Path file = jsonl(files.resolve("sheets.jsonl"), MILLION);
        long size = Files.size(file);
        UUID upload = uploads.create("sheets.jsonl", size, "jsonl");

        long started = System.nanoTime();
        long offset = uploads.patch(upload, file, 0, CHUNK);
        // the connection drops halfway through the second chunk: the server keeps what arrived
        uploads.patchAndCut(upload, file, offset, CHUNK, CHUNK / 2);
        long kept = await().atMost(Duration.ofSeconds(30)).until(() -> uploads.offset(upload), at -> at > CHUNK);
        assertThat(kept).isBetween(CHUNK + 1, CHUNK + CHUNK / 2);
        offset = kept;
        while (offset < size) {
            offset = uploads.patch(upload, file, offset, Math.min(CHUNK, size - offset));
        }
        double uploadSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(offset).isEqualTo(size);

        try (HeapSampler gateway = new HeapSampler(cluster.gateway().pid());
                HeapSampler orchestrator = new HeapSampler(cluster.orchestrator().pid())) {
            long parseStarted = System.nanoTime();
            ApiClient.Response created = uploads.createBatch(upload, batchSpec("million", false, 1));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            UUID batch = UUID.fromString(created.data().path("id").asString());

            JsonNode sealed = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> batches.api().batch(batch), view -> view.path("totalItems").asLong() == MILLION
                            && !view.path("status").asString().equals("created"));
            double parseSeconds = (System.nanoTime() - parseStarted) / 1e9;
            assertThat(sealed.path("source").path("items").asLong()).isEqualTo(MILLION);
            assertThat(batches.itemCountsInDatabase(batch).values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(MILLION);

            System.out.printf("million-line upload: %,d bytes in %.1f s (%.1f MB/s, with a cut connection); "
                    + "parsed into PostgreSQL in %.1f s (%,.0f items/s); peak heap used / old generation: "
                    + "gateway %d / %d MB, orchestrator %d / %d MB (%d, %d samples)%n",
                    size, uploadSeconds, size / uploadSeconds / (1024 * 1024), parseSeconds, MILLION / parseSeconds,
                    gateway.peakHeapUsedMb(), gateway.peakOldGenerationMb(), orchestrator.peakHeapUsedMb(),
                    orchestrator.peakOldGenerationMb(), gateway.samples(), orchestrator.samples());
            // the file is 150 MB and a million parsed items would be far more on the heap: both
            // services run with -Xmx512m and keep their old generation well below the file's size
            assertThat(gateway.samples()).isPositive();
            assertThat(orchestrator.samples()).isPositive();
            assertThat(gateway.peakOldGenerationMb()).isLessThan(size / (1024 * 1024));
            assertThat(orchestrator.peakOldGenerationMb()).isLessThan(size / (1024 * 1024));

            // a cancel answers at once whatever the batch's size; its million pending items are then
            // cancelled in slices, so the counts reach the total after the status has flipped
            assertThat(api.control(batch, "cancel").status()).isEqualTo(200);
            batches.awaitStatus(batch, "cancelled");
            JsonNode cancelled = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> batches.api().batch(batch), view -> view.path("pendingItems").asLong() == 0);
            assertThat(cancelled.path("cancelledItems").asLong() + cancelled.path("completedItems").asLong()
                    + cancelled.path("failedItems").asLong()).isEqualTo(MILLION);

            // the results export streams every row from PostgreSQL at flat memory: the file comes
            // out whole while neither service's old generation grows to anything like its size
            long exportStarted = System.nanoTime();
            long[] export = exportedLinesAndBytes(batch);
            double exportSeconds = (System.nanoTime() - exportStarted) / 1e9;
            System.out.printf("million-item results export: %,d lines, %,d bytes in %.1f s; peak old generation: "
                    + "gateway %d MB, orchestrator %d MB%n", export[0], export[1], exportSeconds,
                    gateway.peakOldGenerationMb(), orchestrator.peakOldGenerationMb());
            assertThat(export[0]).as("a CSV header and a row per item").isEqualTo(MILLION + 1L);
            assertThat(gateway.peakOldGenerationMb()).isLessThan(export[1] / (1024 * 1024));
            assertThat(orchestrator.peakOldGenerationMb()).isLessThan(export[1] / (1024 * 1024));
        }
    }

    /** Downloads the batch's results as CSV, counting lines and bytes without keeping them. */
    private static long[] exportedLinesAndBytes(UUID batch) throws IOException {
        try {
            HttpResponse<InputStream> response = api.results(batch, "csv");
            assertThat(response.statusCode()).isEqualTo(200);
            long lines = 0;
            long bytes = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                    bytes += read;
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            return new long[] {lines, bytes};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void fileBatchStagesReachTheStreamInOrderAndTheDurationsAddUp() throws IOException {
        Path file = files.resolve("sweep.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(i == 17 || i == 150 || i == 299 ? "{\"label\": \"broken " + i + "\", \"payload\": "
                    : "{\"label\":\"NVDA beta=" + i + "\",\"payload\":{\"beta\":" + i + "}}");
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        long size = Files.size(file);
        UUID upload = uploads.create("sweep.jsonl", size, "jsonl");
        long offset = uploads.patch(upload, file, 0, size / 2);
        uploads.patch(upload, file, offset, size - offset);

        ApiClient.Response refused = uploads.createBatch(upload, batchSpec("sweep", false, 100));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("details").toString())
                .contains("line 18", "line 151", "line 300");

        ApiClient.Response created = uploads.createBatch(upload, batchSpec("sweep", true, 100));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        UUID batch = UUID.fromString(created.data().path("id").asString());
        try (SseClient stream = SseClient.open(cluster.gatewayUrl().resolve("/api/v1/batches/" + batch + "/progress"),
                api.token())) {
            JsonNode done = batches.awaitStatus(batch, "completed");
            assertThat(done.path("totalItems").asLong()).isEqualTo(297);
            assertThat(done.path("source").path("invalidLines").asLong()).isEqualTo(3);
            assertThat(done.path("source").path("invalidLineSample")).extracting(line -> line.path("line").asLong())
                    .containsExactly(18L, 151L, 300L);

            List<String> order = List.of("uploading", "parsing", "queued", "processing", "finalizing", "completed");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(stream.events("batch.complete")).isNotEmpty());
            // the stage events the viewer received live keep the stages' order, and the batch's
            // snapshot holds every stage in order
            List<String> live = stream.events("batch.stage").stream().map(e -> e.json().path("stage").asString())
                    .toList();
            assertThat(live).isNotEmpty().isSortedAccordingTo(Comparator.comparingInt(order::indexOf));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode snapshot = api.get("/api/v1/batches/" + batch + "/snapshot").data();
                assertThat(StreamSupport.stream(snapshot.path("stages").spliterator(), false)
                        .map(stage -> stage.path("name").asString()).toList()).containsExactlyElementsOf(order);
            });

            JsonNode durations = batches.api().batch(batch).path("durations");
            long parts = 0;
            for (String part : List.of("uploadMs", "parseMs", "queuedMs", "processingMs", "finalizingMs")) {
                assertThat(durations.path(part).isNumber()).as(part + " in " + durations).isTrue();
                parts += durations.path(part).asLong();
            }
            assertThat(durations.path("totalMs").asLong()).isEqualTo(parts).isPositive();
        }
    }

    /** A JSONL file of about 150 bytes a line, written as a stream. */
    private static Path jsonl(Path file, int lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                out.write("{\"label\":\"sheet " + i + "\",\"payload\":{\"sheet\":" + i
                        + ",\"student\":\"S-" + (100_000 + i) + "\",\"answers\":\"ABCDABCDABCDABCDABCDABCDABCDABCD"
                        + "ABCDABCDABCDABCDABCD\",\"page\":" + (i % 4) + "}}\n");
            }
        }
        return file;
    }

    private static ObjectNode batchSpec(String name, boolean skipInvalid, int itemsPerSecond) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("name", name).put("processor", "simulated").put("skipInvalid", skipInvalid);
        body.putObject("config").put("latencyMs", 5).put("failureRate", 0.0).put("seed", 7);
        body.putObject("options").put("maxInFlight", 16).put("itemsPerSecond", itemsPerSecond);
        return body;
    }
}
