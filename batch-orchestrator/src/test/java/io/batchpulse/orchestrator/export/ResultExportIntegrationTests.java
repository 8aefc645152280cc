package io.batchpulse.orchestrator.export;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.StatementCounter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The results export on real item rows: order, every field, both formats, the status filter, refusals. */
class ResultExportIntegrationTests extends SharedOrchestratorIntegrationTest {

    /** Labels and error messages a naive CSV writer would break: commas, quotes, line breaks, non-ASCII. */
    private static final List<String> LABELS = List.of("plain", "comma, label", "say \"hi\"", "two\nlines",
            "Grüße, \"Zürich\"\r\nnext", "last");
    private static final String NASTY_MESSAGE = "upstream said \"no\", then\nquit";

    private final HttpClient http = HttpClient.newHttpClient();
    private final UUID batchId = UUID.randomUUID();

    @Autowired
    private ResultExport export;

    /** Six items, even indexes completed with a score, odd ones failed with a message full of CSV specials. */
    @BeforeAll
    void finishedBatch() {
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 0 ? completed(d, "ok " + d.index())
                : new ItemFailed(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                        d.index(), d.attempt(), "fake-worker", d.label(),
                        new ItemError("UPSTREAM", NASTY_MESSAGE, List.of("a, b", "c \"d\"")), false, 5)));
        List<NewItem> items = LABELS.stream()
                .map(label -> new NewItem(label, EventJson.mapper().createObjectNode().put("label", label))).toList();
        commands.send(Commands.create(batchId, Commands.options(2, 1, Duration.ofMinutes(1))),
                Commands.append(batchId, 0, items), Commands.seal(batchId, items.size()));
        awaitCompleted(batchId);
    }

    @Test
    void jsonlHasEveryItemInIndexOrderWithEveryField() throws Exception {
        HttpResponse<String> response = get(batchId, "?format=jsonl");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(response.body()).endsWith("}\n");
        List<JsonNode> lines = response.body().lines().map(EventJson.mapper()::readTree).toList();
        assertThat(lines).extracting(line -> line.get("index").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(lines).extracting(line -> line.get("label").asString()).containsExactlyElementsOf(LABELS);

        JsonNode done = lines.get(2);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("attempt").asInt()).isEqualTo(1);
        assertThat(done.get("score").asDouble()).isEqualTo(2.0);
        assertThat(done.get("result").get("value").asString()).isEqualTo("ok 2");
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(done.get("workerId").asString()).isEqualTo("fake-worker");
        Instant startedAt = Instant.parse(done.get("startedAt").asString());
        Instant finishedAt = Instant.parse(done.get("finishedAt").asString());
        assertThat(done.get("durationMs").asLong()).isEqualTo(Duration.between(startedAt, finishedAt).toMillis());

        JsonNode failed = lines.get(3);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("result").isNull()).isTrue();
        assertThat(failed.get("score").isNull()).isTrue();
        assertThat(failed.get("error").get("code").asString()).isEqualTo("UPSTREAM");
        assertThat(failed.get("error").get("message").asString()).isEqualTo(NASTY_MESSAGE);
        assertThat(failed.get("error").get("details")).extracting(JsonNode::asString).containsExactly("a, b", "c \"d\"");
        assertThat(failed.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaksAndRoundTrips() throws Exception {
        HttpResponse<String> response = get(batchId, "?format=csv");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        assertThat(response.body()).startsWith(String.join(",", CsvResultWriter.HEADER) + "\r\n");
        assertThat(response.body()).contains("\"comma, label\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.body())).getRecords();
        assertThat(records).extracting(r -> r.get("index")).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(records).extracting(r -> r.get("label")).containsExactlyElementsOf(LABELS);

        CSVRecord done = records.get(4);
        assertThat(done.get("status")).isEqualTo("completed");
        assertThat(done.get("attempt")).isEqualTo("1");
        assertThat(done.get("score")).isEqualTo("4.0");
        assertThat(EventJson.mapper().readTree(done.get("result")).get("value").asString()).isEqualTo("ok 4");
        assertThat(done.get("errorCode")).isEmpty();
        assertThat(Instant.parse(done.get("startedAt"))).isBeforeOrEqualTo(Instant.parse(done.get("finishedAt")));
        assertThat(Long.parseLong(done.get("durationMs"))).isGreaterThanOrEqualTo(0);
        assertThat(done.get("workerId")).isEqualTo("fake-worker");

        CSVRecord failed = records.get(5);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("result")).isEmpty();
        assertThat(failed.get("errorCode")).isEqualTo("UPSTREAM");
        assertThat(failed.get("errorMessage")).isEqualTo(NASTY_MESSAGE);
        assertThat(EventJson.mapper().readTree(failed.get("errorDetails"))).extracting(JsonNode::asString)
                .containsExactly("a, b", "c \"d\"");
    }

    @Test
    void statusFilterKeepsOnlyTheNamedStatuses() throws Exception {
        assertThat(indexes(get(batchId, "?format=jsonl&status=failed"))).containsExactly(1L, 3L, 5L);
        assertThat(indexes(get(batchId, "?status=completed"))).containsExactly(0L, 2L, 4L);
        assertThat(indexes(get(batchId, "?status=completed,%20failed"))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(indexes(get(batchId, "?status=cancelled,pending"))).isEmpty();
    }

    @Test
    void badFormatOrStatusIs400AndAnUnknownBatch404() throws Exception {
        HttpResponse<String> badFormat = get(batchId, "?format=xml");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(EventJson.mapper().readTree(badFormat.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(badFormat.body()).contains("jsonl, csv");
        HttpResponse<String> badStatus = get(batchId, "?status=completed,done");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("VALIDATION_FAILED", "in_progress");
        assertThat(get(UUID.randomUUID(), "?format=csv").statusCode()).isEqualTo(404);
    }

    @Test
    void anEmptyBatchExportsNoLinesAndACsvHeader() throws Exception {
        UUID empty = UUID.randomUUID();
        commands.send(Commands.create(empty, Commands.options(2, 1, Duration.ofMinutes(1))));
        await().until(() -> !batchRow(empty).equals("absent"));

        assertThat(get(empty, "?format=jsonl").body()).isEmpty();
        assertThat(get(empty, "?format=csv").body()).isEqualTo(String.join(",", CsvResultWriter.HEADER) + "\r\n");
    }

    @Test
    void aBatchLargerThanAPageComesOutWholeInOrder() throws Exception {
        UUID large = unsealedBatch(4_500);

        List<Long> indexes = indexes(get(large, "?format=jsonl"));

        assertThat(indexes).hasSize(4_500);
        assertThat(indexes).isSorted().doesNotHaveDuplicates().startsWith(0L).endsWith(4_499L);
        assertThat(StatementCounter.count(() -> export.write(large, ResultFormat.CSV, List.of(),
                new ByteArrayOutputStream()))).as("one statement per page of 2,000").isEqualTo(3);
    }

    @Test
    void aClientThatGoesAwayStopsTheReading() {
        UUID large = unsealedBatch(4_500);
        OutputStream goneAfterOneWrite = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        long[] written = new long[1];

        int statements = StatementCounter.count(() -> written[0] = export.write(large, ResultFormat.JSONL, List.of(),
                goneAfterOneWrite));

        assertThat(written[0]).isEqualTo(-1);
        assertThat(statements).as("the first page only").isEqualTo(1);
    }

    /** A batch that is created and filled but never sealed: its items stay pending, none is dispatched. */
    private UUID unsealedBatch(int items) {
        UUID id = UUID.randomUUID();
        commands.send(Commands.create(id, Commands.options(2, 1, Duration.ofMinutes(1))));
        for (int from = 0; from < items; from += 1_000) {
            commands.send(Commands.append(id, from, Commands.items(from, Math.min(1_000, items - from))));
        }
        await().until(() -> counter(id, "total") == items);
        return id;
    }

    private HttpResponse<String> get(UUID id, String query) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/v1/batches/" + id
                + "/results" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> indexes(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().map(line -> EventJson.mapper().readTree(line).get("index").asLong()).toList();
    }
}
