package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Download results" on the batch page in a real browser: each format is saved as a file named
 * after the batch, holding every item in index order with its status and result or error, and the
 * token never appears in the download's URL.
 */
class ResultsDownloadUiIntegrationTests extends UiIntegrationTest {

    private static final int ITEMS = 40;

    private static UiUser user;
    private static UUID batch;
    private static JsonNode finished;

    @BeforeAll
    static void finishedBatch() {
        user = UiUser.unique(cluster.gatewayUrl(), "download");
        batch = user.createBatch(SimulatedBatch.body("Sweep, \"Q3\" NVDA/TSLA", ITEMS, 5, 0.2, 8, 1));
        finished = await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> view.path("status").asString().startsWith("completed"));
    }

    @Test
    void csvDownloadHoldsEveryItemInOrderWithItsOutcome() throws IOException {
        Page opened = open();

        Download download = opened.waitForDownload(() -> opened.getByTestId("download-csv").click());

        assertThat(download.failure()).isNull();
        assertThat(download.suggestedFilename()).isEqualTo("Sweep, _Q3_ NVDA_TSLA-results.csv");
        assertThat(download.url()).contains("ticket=").doesNotContain(user.token());
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(records).hasSize(ITEMS);
        assertThat(records).extracting(r -> Long.parseLong(r.get("index"))).isSorted().doesNotHaveDuplicates();
        assertThat(records).filteredOn(r -> r.get("status").equals("completed"))
                .hasSize((int) finished.path("completedItems").asLong())
                .allSatisfy(r -> assertThat(r.get("result")).isNotEmpty());
        assertThat(records).filteredOn(r -> r.get("status").equals("failed"))
                .hasSize((int) finished.path("failedItems").asLong())
                .allSatisfy(r -> assertThat(r.get("errorCode")).isNotEmpty());
        assertThat(records.get(0).get("label")).isEqualTo("NVDA beta=0.5");
        assertThat(records).allSatisfy(r -> assertThat(r.get("workerId")).isNotEmpty());
    }

    @Test
    void jsonlDownloadHasOneItemPerLine() throws IOException {
        Page opened = open();

        Download download = opened.waitForDownload(() -> opened.getByTestId("download-jsonl").click());

        assertThat(download.suggestedFilename()).isEqualTo("Sweep, _Q3_ NVDA_TSLA-results.jsonl");
        List<JsonNode> lines = Files.readAllLines(download.path(), StandardCharsets.UTF_8).stream()
                .map(EventJson.mapper()::readTree).toList();
        assertThat(lines).extracting(line -> line.path("index").asLong())
                .containsExactlyElementsOf(LongStream.range(0, ITEMS).boxed().toList());
        assertThat(lines).extracting(line -> line.path("status").asString()).containsOnly("completed", "failed");
        assertThat(opened.getByTestId("download-jsonl")).isEnabled();
    }

    private Page open() {
        Page opened = openAs(user, "/#/batches/" + batch, 1280, 900);
        assertThat(opened.getByTestId("download-csv")).isVisible();
        UiBrowser.screenshot(opened, "batch-page-download", false);
        return opened;
    }
}
