package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.json.EventJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A large batch's results exported through the gateway from the orchestrator's PostgreSQL, while
 * both services' heaps are sampled: every item arrives, in index order, and neither service holds
 * the export. 200,000 items by default, to keep the build's time; {@code -Dexport.items=1000000}
 * runs the million-item case (the batch is made from an uploaded file, the fastest way to a
 * million item rows through the real services).
 */
class ResultsExportEndToEndIntegrationTests {

    private static final int ITEMS = Integer.getInteger("export.items", 200_000);
    private static final long CHUNK = 50L * 1024 * 1024;
    /** Labels a CSV writer must quote, long enough that the export is far larger than any page of it. */
    private static final String LABEL_TAIL = ", \"quoted\" " + "x".repeat(300);

    private static LocalCluster cluster;
    private static ApiClient api;
    private static Batches batches;
    private static UploadClient uploads;
    private static UUID batch;

    @BeforeAll
    static void largeBatch(@TempDir Path files) throws IOException {
        cluster = E2eCluster.get();
        api = ApiClient.as(cluster.gatewayUrl(), "xavier");
        batches = new Batches(cluster, api);
        uploads = new UploadClient(cluster.gatewayUrl(), api.token());
        Path file = files.resolve("export.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ITEMS; i++) {
                out.write(EventJson.mapper().writeValueAsString(EventJson.mapper().createObjectNode()
                        .put("label", "item " + i + LABEL_TAIL).set("payload",
                                EventJson.mapper().createObjectNode().put("n", i))) + "\n");
            }
        }
        long size = Files.size(file);
        UUID upload = uploads.create("export.jsonl", size, "jsonl");
        for (long offset = 0; offset < size; ) {
            offset = uploads.patch(upload, file, offset, Math.min(CHUNK, size - offset));
        }
        // one item a second: the items stay in the table, nearly all pending, while they are exported
        ObjectNode spec = EventJson.mapper().createObjectNode().put("name", "export sweep").put("processor", "simulated");
        spec.putObject("config").put("latencyMs", 5).put("failureRate", 0.0).put("seed", 7);
        spec.putObject("options").put("maxInFlight", 1).put("itemsPerSecond", 1);
        ApiClient.Response created = uploads.createBatch(upload, spec);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        batch = UUID.fromString(created.data().path("id").asString());
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> batches.api().batch(batch), view -> view.path("totalItems").asLong() == ITEMS
                        && !view.path("status").asString().equals("created"));
    }

    /** The batch would otherwise run at one item a second beside the other end-to-end tests. */
    @AfterAll
    static void cancelBatch() {
        if (batch != null) {
            api.control(batch, "cancel");
        }
    }

    @Test
    void everyItemIsExportedInOrderAsJsonlAndCsvWhileBothHeapsStayFlat() throws Exception {
        long gatewayBefore = oldGenerationMb(cluster.gateway().pid());
        long orchestratorBefore = oldGenerationMb(cluster.orchestrator().pid());

        try (HeapSampler gateway = new HeapSampler(cluster.gateway().pid());
                HeapSampler orchestrator = new HeapSampler(cluster.orchestrator().pid())) {
            long started = System.nanoTime();
            HttpResponse<InputStream> jsonl = api.results(batch, "jsonl");
            assertThat(jsonl.statusCode()).isEqualTo(200);
            assertThat(jsonl.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"export sweep-results.jsonl\"");
            long lines = 0;
            long bytes = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(jsonl.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.startsWith("{\"index\":" + lines + ",")) {
                        throw new AssertionError("line " + lines + " is out of order: " + line);
                    }
                    bytes += line.length() + 1;
                    lines++;
                }
            }
            double jsonlSeconds = (System.nanoTime() - started) / 1e9;

            started = System.nanoTime();
            HttpResponse<InputStream> csv = api.results(batch, "csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            long records = 0;
            try (Reader reader = new InputStreamReader(csv.body(), StandardCharsets.UTF_8);
                    CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                            .parse(reader)) {
                for (CSVRecord record : parser) {
                    if (Long.parseLong(record.get("index")) != records
                            || !record.get("label").equals("item " + records + LABEL_TAIL)) {
                        throw new AssertionError("record " + records + " is wrong: " + record);
                    }
                    records++;
                }
            }
            double csvSeconds = (System.nanoTime() - started) / 1e9;

            long exportMb = bytes / (1024 * 1024);
            System.out.printf("results export of %,d items: JSONL %,d MB in %.1f s, CSV in %.1f s; old generation "
                    + "before / peak: gateway %d / %d MB, orchestrator %d / %d MB (heap used peak %d / %d MB)%n",
                    ITEMS, exportMb, jsonlSeconds, csvSeconds, gatewayBefore, gateway.peakOldGenerationMb(),
                    orchestratorBefore, orchestrator.peakOldGenerationMb(), gateway.peakHeapUsedMb(),
                    orchestrator.peakHeapUsedMb());
            assertThat(lines).isEqualTo(ITEMS);
            assertThat(records).isEqualTo(ITEMS);
            // Both services run with -Xmx512m. What survives collections grows by far less than the
            // export: a service that collected it would hold all of it (over 60 MB at 200,000 items).
            assertThat(exportMb).isGreaterThan(60);
            assertThat(gateway.samples()).isPositive();
            assertThat(orchestrator.samples()).isPositive();
            assertThat(gateway.peakOldGenerationMb() - gatewayBefore).isLessThan(exportMb / 4);
            assertThat(orchestrator.peakOldGenerationMb() - orchestratorBefore).isLessThan(exportMb / 4);
        }
    }

    @Test
    void aDownloadLeftHalfWayStopsTheOrchestratorsExport() throws Exception {
        HttpResponse<InputStream> jsonl = api.results(batch, "jsonl");
        try (InputStream body = jsonl.body()) {
            assertThat(body.readNBytes(1024 * 1024)).hasSize(1024 * 1024);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(cluster.orchestrator().logFile())
                .contains("Export stopped after"));
        JsonNode view = api.batch(batch);
        assertThat(view.path("totalItems").asLong()).isEqualTo(ITEMS);
    }

    /** The old generation in use now: the peak over a short sampling window before anything runs. */
    private static long oldGenerationMb(long pid) {
        try (HeapSampler sampler = new HeapSampler(pid)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sampler.samples() >= 2);
            return sampler.peakOldGenerationMb();
        }
    }
}
