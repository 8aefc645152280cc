package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A batch waiting for its shared limit behind a higher priority shows its place in a real
 * browser: "Queued: 1st, expected start in ~…" on its progress line, and loses it once it is
 * dispatched; its Summary names the limit and the priority. The limit e2e-queue (one item at a time) is configured in E2eCluster.
 */
class QueuePlaceUiIntegrationTests extends UiIntegrationTest {

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "queue");
    }

    @Test
    void aLowPriorityBatchBehindAHighOneShowsItsQueuePlaceUntilItsTurn() {
        // 40 items of about 150 ms, one at a time: several seconds in which the low one waits
        UUID high = user.createBatch(limited(SimulatedBatch.body("Urgent sweep", 40, 150, 0.0, 4, 1), "high"));
        UUID low = user.createBatch(limited(SimulatedBatch.body("Nightly sweep", 5, 20, 0.0, 4, 1), "low"));

        page = openAs(user, "/#/batches/" + low, 1280, 900);
        Locator line = page.getByTestId("progress-line");
        assertThat(line).containsText(Pattern.compile("Queued: 1st, (expected start in ~\\d+|starting any moment"
                + "|expected start not known yet)"), new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        UiBrowser.screenshot(page, "queue-place");
        assertThat(page.locator("dl.summary dt:text-is('Shared limit') + dd")).hasText("e2e-queue");
        assertThat(page.locator("dl.summary dt:text-is('Priority') + dd")).hasText("low");

        assertThat(line).containsText("All 5 items completed", new LocatorAssertions.ContainsTextOptions()
                .setTimeout(120_000));
        assertThat(line).not().containsText("Queued");
        org.assertj.core.api.Assertions.assertThat(user.batch(high).path("status").asString()).isEqualTo("completed");
    }

    private static ObjectNode limited(ObjectNode body, String priority) {
        body.put("priority", priority);
        ((ObjectNode) body.get("options")).put("limit", "e2e-queue");
        return body;
    }
}
