package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Run again" in a real browser on the whole stack: a finished batch's [Run again] creates a new
 * batch with the same items and settings, and the page moves to it and watches it run.
 */
class BatchRerunUiIntegrationTests extends UiIntegrationTest {

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "rerun");
    }

    @Test
    void runAgainOnAFinishedBatchOpensTheNewBatchWhichRunsTheSameItems() {
        UUID first = user.createBatch(SimulatedBatch.body("Sweep to run twice", 12, 10, 0.25, 4, 1));
        // a quarter of 12 items fail on average, and none does in 3 % of runs: any final status will do
        JsonNode finished = await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(first),
                view -> view.path("finishedAt").isString());
        page = openAs(user, "/#/batches/" + first, 1280, 900);
        Locator runAgain = page.locator(".controls [data-action=rerun]");
        assertThat(runAgain).isEnabled();

        runAgain.click();

        page.waitForURL(url -> url.matches(".*#/batches/[0-9a-f-]{36}$") && !url.contains(first.toString()));
        UUID second = UUID.fromString(page.url().replaceAll(".*#/batches/", ""));
        // the new batch draws its failures afresh: "Finished 12 of 12" with some, "All 12 items completed" with none
        assertThat(page.getByTestId("progress-line")).containsText(Pattern.compile("Finished 12 of 12|All 12 items completed"),
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        JsonNode again = user.batch(second);
        assertThat(again.path("name").asString()).isEqualTo("Sweep to run twice");
        assertThat(again.path("totalItems").asLong()).isEqualTo(12);
        assertThat(again.path("options")).isEqualTo(finished.path("options"));
        assertThat(again.path("config")).isEqualTo(finished.path("config"));
        assertThat(again.path("completedItems").asLong() + again.path("failedItems").asLong()).isEqualTo(12);
        assertThat(labels(second)).hasSize(12).isEqualTo(labels(first));
        UiBrowser.screenshot(page, "run-again");
    }

    @Test
    void aRunningBatchOffersNoRunAgain() {
        UUID running = user.createBatch(SimulatedBatch.body("Still running", 40, 500, 0, 1, 1));
        page = openAs(user, "/#/batches/" + running, 1280, 900);

        assertThat(page.locator(".controls [data-action=pause]")).isEnabled();
        assertThat(page.locator(".controls [data-action=rerun]")).isHidden();
        user.control(running, "cancel");
        assertThat(page.locator(".controls [data-action=rerun]")).isVisible();
    }

    /** Every finished item's label by index. */
    private static Map<Long, String> labels(UUID batch) {
        Map<Long, String> labels = new TreeMap<>();
        for (String status : new String[] {"completed", "failed"}) {
            user.items(batch, status).path("content").forEach(item ->
                    labels.put(item.path("index").asLong(), item.path("label").asString()));
        }
        return labels;
    }
}
