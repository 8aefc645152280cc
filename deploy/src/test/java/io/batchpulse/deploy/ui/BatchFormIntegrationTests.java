package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The new batch form and the batch list in a real browser against the real services: sign in
 * with the local user picker, create a batch through the form, watch it reach 100 %, open a
 * failed item's error, see the API's validation messages next to their fields.
 */
class BatchFormIntegrationTests extends UiIntegrationTest {

    @Test
    void aBatchCreatedThroughTheFormReaches100PercentWithExactCountsAndItsFailuresExpand() {
        page = UiBrowser.newPage(1280, 900);
        page.navigate(cluster.gatewayUrl().resolve("/").toString());
        String user = "form-" + UUID.randomUUID().toString().substring(0, 6);
        page.locator("#signin-user").fill(user);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(page.getByTestId("current-user")).hasText(user);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New batch")).first().click();
        page.getByLabel("Batch name").fill("Form sweep");
        page.getByLabel("Latency (ms)").fill("30");
        page.getByLabel("Failure rate (0–1)").fill("0.25");
        page.getByLabel("Seed").fill("7");
        page.getByLabel("Max attempts").fill("1");
        page.getByLabel("Max in flight").fill("8");
        page.locator("#f-items").fill(items(40));
        assertThat(page.locator(".items-summary")).containsText("40 items ready");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch")).click();

        page.waitForURL(Pattern.compile(".*#/batches/[0-9a-f-]{36}$"));
        UUID batch = UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
        assertThat(page.locator(".batch-title")).hasText("Form sweep");
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %");
        assertThat(page.getByTestId("progressbar")).hasAttribute("aria-valuenow", "100");
        assertThat(page.getByTestId("connection")).hasAttribute("data-state", "ended");

        assertThat(page.locator(".badge--lg")).hasText("Completed with errors");
        JsonNode view = UiUser.as(cluster.gatewayUrl(), user).batch(batch);
        long completed = count(page, "completed");
        long failed = count(page, "failed");
        assertThat(completed).isEqualTo(view.path("completedItems").asLong());
        assertThat(failed).isEqualTo(view.path("failedItems").asLong());
        assertThat(completed + failed).isEqualTo(40);
        assertThat(failed).isPositive();
        assertThat(count(page, "pending")).isZero();
        assertThat(count(page, "in-progress")).isZero();
        assertThat(page.getByTestId("progress-line")).containsText("40 of 40");

        Locator failedRow = page.locator(".feed-row--failed").first();
        assertThat(failedRow).isVisible();
        assertThat(failedRow.getByTestId("error-details")).isHidden();
        failedRow.locator(".feed-row__toggle").click();
        assertThat(failedRow.locator(".feed-row__toggle")).hasAttribute("aria-expanded", "true");
        Locator error = failedRow.getByTestId("error-details");
        assertThat(error).isVisible();
        assertThat(error).containsText(Pattern.compile("VALIDATION_FAILED|UPSTREAM_TIMEOUT"));
        assertThat(error).containsText("Message");
        assertThat(page.locator(".feed-row")).hasCount(40);
        UiBrowser.screenshot(page, "batch-page-completed-with-errors");
    }

    @Test
    void theListShowsBatchesNewestFirstWithBadgesAndOpensOne() {
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "list");
        UUID done = user.createBatch(SimulatedBatch.body("Nightly OMR sheets", 10, 10, 0, 4, 1));
        UUID running = user.createBatch(SimulatedBatch.body("Sweep NVDA/TSLA", 300, 200, 0.05, 2, 1));
        openAs(user, "/", 1280, 800);

        Locator rows = page.locator(".batch-row");
        assertThat(rows).hasCount(2);
        assertThat(rows.nth(0).locator(".batch-link")).hasText("Sweep NVDA/TSLA");
        assertThat(rows.nth(0).getByTestId("status-badge")).hasText("Running");
        assertThat(rows.nth(1).locator(".batch-link")).hasText("Nightly OMR sheets");
        assertThat(rows.nth(1).getByTestId("status-badge")).hasText("Completed");
        assertThat(rows.nth(1).locator(".mini-counts")).hasText("10 / 10");
        // counts of the running batch move without a reload
        String firstCounts = rows.nth(0).locator(".mini-counts").textContent();
        page.waitForCondition(() -> !rows.nth(0).locator(".mini-counts").textContent().equals(firstCounts));
        UiBrowser.screenshot(page, "batch-list");

        rows.nth(0).locator(".batch-link").click();
        page.waitForURL("**/#/batches/" + running);
        assertThat(page.locator(".batch-title")).hasText("Sweep NVDA/TSLA");
        page.reload();
        assertThat(page.locator(".batch-title")).hasText("Sweep NVDA/TSLA");
        user.control(running, "cancel");
        assertThat(done).isNotNull();
    }

    @Test
    void validationErrorsFromTheApiAppearNextToTheirFields() {
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "invalid");
        openAs(user, "/#/batches/new", 1280, 900);

        page.getByLabel("Batch name").fill("Not valid");
        page.getByLabel("Max in flight").fill("0");
        page.getByLabel("Failure rate (0–1)").fill("2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Fill with sample items")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch")).click();

        Locator maxInFlight = page.locator("[data-error-for='options.maxInFlight']");
        assertThat(maxInFlight).hasText("must be greater than or equal to 1");
        assertThat(page.locator("[data-error-for='config.failureRate']")).hasText("must be a number between 0 and 1");
        assertThat(page.getByLabel("Max in flight")).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Failure rate (0–1)")).isFocused();
        assertThat(page.locator("[data-error-for='name']")).isHidden();
        assertThat(page.locator(".banner--error")).containsText("The batch was not created");
        assertThat(page).hasURL(Pattern.compile(".*#/batches/new$"));
        UiBrowser.screenshot(page, "new-batch-validation");
    }

    @Test
    void theFormSetsPriorityAndASharedLimitAndAnUnknownLimitIsNamedAtItsField() {
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "priority");
        openAs(user, "/#/batches/new", 1280, 900);

        page.getByLabel("Batch name").fill("Urgent sweep");
        page.getByLabel("Latency (ms)").fill("5");
        page.getByLabel("Priority").selectOption("high");
        page.getByLabel("Shared limit").fill("no-such-limit");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Fill with sample items")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch")).click();

        assertThat(page.locator("[data-error-for='options.limit']")).containsText("no shared limit named 'no-such-limit'");
        assertThat(page.getByLabel("Shared limit")).hasAttribute("aria-invalid", "true");
        assertThat(page).hasURL(Pattern.compile(".*#/batches/new$"));

        // e2e-shared is configured in E2eCluster
        page.getByLabel("Shared limit").fill("e2e-shared");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch")).click();
        page.waitForURL(Pattern.compile(".*#/batches/[0-9a-f-]{36}$"));
        UUID batch = UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
        assertThat(page.locator("dl.summary dt:text-is('Priority') + dd")).hasText("high");
        assertThat(page.locator("dl.summary dt:text-is('Shared limit') + dd")).hasText("e2e-shared");
        JsonNode options = user.batch(batch).path("options");
        assertThat(options.path("priority").asString()).isEqualTo("high");
        assertThat(options.path("limit").asString()).isEqualTo("e2e-shared");
    }

    @Test
    void aCsvFileThroughThePickerOrAJsonlFileDroppedOnTheFormIsUploadedAndBecomesTheBatch() {
        UiUser user = UiUser.unique(cluster.gatewayUrl(), "files");
        openAs(user, "/#/batches/new", 1280, 900);

        String csv = "label,symbol,beta\nNVDA beta=2.1,NVDA,2.1\n\"TSLA, the \"\"big\"\" one\",TSLA,1.4\nAAPL beta=0.9,AAPL,0.9\n";
        page.locator("#items-file").setInputFiles(new FilePayload("sweep.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.getByTestId("file-pill")).containsText("sweep.csv");
        assertThat(page.getByTestId("file-pill")).containsText("CSV");
        assertThat(page.getByTestId("upload-status")).containsText("Uploaded 97 bytes in 1 chunk");
        assertThat(page.getByTestId("upload-note")).containsText("read on the server");
        page.getByLabel("Remove sweep.csv").click();
        assertThat(page.getByTestId("dropzone")).isVisible();

        JSHandle dropped = page.evaluateHandle("() => { const data = new DataTransfer();"
                + " data.items.add(new File(['{\"label\":\"A\",\"payload\":{\"n\":1}}\\n{\"label\":\"B\",\"payload\":{\"n\":2}}\\n'],"
                + " 'items.jsonl', {type: 'application/x-ndjson'})); return data; }");
        page.getByTestId("dropzone").dispatchEvent("drop", Map.of("dataTransfer", dropped));
        assertThat(page.getByTestId("file-pill")).containsText("items.jsonl");
        assertThat(page.getByTestId("upload-status")).containsText("Uploaded 64 bytes in 1 chunk");

        page.getByLabel("Batch name").fill("Dropped file");
        page.getByLabel("Latency (ms)").fill("5");
        // The form's default 5 % simulated failure rate would fail one of the two items one run in ten.
        page.getByLabel("Failure rate (0–1)").fill("0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch")).click();
        page.waitForURL(Pattern.compile(".*#/batches/[0-9a-f-]{36}$"));
        assertThat(page.locator(".batch-title")).hasText("Dropped file");
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %");
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText("2");
        assertThat(page.getByTestId("source-file")).hasText("items.jsonl");
    }

    private static long count(Page page, String name) {
        return Long.parseLong(page.getByTestId("count-" + name).locator(".breakdown__value").textContent()
                .replaceAll("[^0-9]", ""));
    }

    /** Forty items as a pasted JSON array. */
    private static String items(int count) {
        StringBuilder json = new StringBuilder("[");
        String[] symbols = {"NVDA", "TSLA", "AAPL", "MSFT"};
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"label\":\"").append(symbols[i % 4]).append(" beta=")
                    .append(1 + i % 5).append("\",\"payload\":{\"symbol\":\"").append(symbols[i % 4])
                    .append("\",\"n\":").append(i).append("}}");
        }
        return json.append(']').toString();
    }
}
