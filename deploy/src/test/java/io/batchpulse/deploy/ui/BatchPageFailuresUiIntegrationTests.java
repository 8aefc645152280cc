package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Route;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.failure.FailureGroup;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finding failures on the batch page in a real browser, on the whole stack: the Failures card of
 * a batch failing in two ways shows both groups ("9 × VALIDATION_FAILED: Generated item failed
 * validation") and [Retry these] runs only that group's items again; a finished batch whose
 * snapshot still lags the orchestrator is read until it has caught up; the items search finds
 * items by label text.
 */
class BatchPageFailuresUiIntegrationTests extends UiIntegrationTest {

    private static final String VALIDATION = FailureGroup.of("VALIDATION_FAILED", "Generated item failed validation").key();
    private static final String TIMEOUT = FailureGroup.of("UPSTREAM_TIMEOUT", "Simulated upstream did not answer in time").key();

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "failures");
    }

    @Test
    void bothFailureGroupsShowAndRetryTheseRetriesOnlyItsGroup() {
        // one attempt each: a permanent VALIDATION_FAILED and a retryable UPSTREAM_TIMEOUT both end as failures
        ObjectNode body = SimulatedBatch.body("Two kinds of failures", 60, 20, 0.15, 8, 1);
        ((ObjectNode) body.get("config")).put("retryableFailureRate", 0.15);
        UUID batch = user.createBatch(body);
        JsonNode finished = await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed_with_errors".equals(view.path("status").asString()));
        JsonNode before = user.failures(batch);
        long validationFailed = count(before, VALIDATION);
        long timedOut = count(before, TIMEOUT);
        assertThat(validationFailed).isPositive();
        assertThat(timedOut).isPositive();
        assertThat(validationFailed + timedOut).isEqualTo(finished.path("failedItems").asLong());
        List<Long> validationItems = failedIndexes(batch, "VALIDATION_FAILED");

        page = openAs(user, "/#/batches/" + batch, 1280, 900);
        Locator validation = group(VALIDATION);
        Locator timeout = group(TIMEOUT);
        assertThat(validation).containsText(validationFailed + " × VALIDATION_FAILED: Generated item failed validation");
        assertThat(timeout).containsText(timedOut + " × UPSTREAM_TIMEOUT: Simulated upstream did not answer in time");
        UiBrowser.screenshot(page, "failure-groups");

        timeout.locator("[data-action=retry-group]").click();

        // the timed-out items run again (a second attempt, which may fail again); the others are left alone
        await().atMost(Duration.ofMinutes(2)).until(() -> secondAttempts(batch) == timedOut);
        await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed_with_errors".equals(view.path("status").asString())
                        && view.path("pendingItems").asLong() == 0 && view.path("inProgressItems").asLong() == 0);
        JsonNode after = user.failures(batch);
        // a second attempt may fail again, in either group: the validation group keeps its own
        // items (not retried, still on attempt 1) and may gain some of the retried ones
        assertThat(secondAttemptIndexes(batch)).doesNotContainAnyElementsOf(validationItems);
        assertThat(failedIndexes(batch, "VALIDATION_FAILED")).containsAll(validationItems);
        assertThat(count(after, VALIDATION)).isGreaterThanOrEqualTo(validationFailed);
        assertThat(count(after, TIMEOUT)).isLessThanOrEqualTo(timedOut);
        assertThat(count(after, VALIDATION) + count(after, TIMEOUT)).isEqualTo(user.batch(batch).path("failedItems").asLong());
        assertThat(validation).containsText(count(after, VALIDATION) + " × VALIDATION_FAILED");
        if (count(after, TIMEOUT) == 0) {
            assertThat(timeout).hasCount(0);
        } else {
            assertThat(timeout).containsText(count(after, TIMEOUT) + " × UPSTREAM_TIMEOUT");
        }
    }

    @Test
    void theSearchBoxListsTheItemsWhoseLabelContainsTheText() {
        // labels cycle through NVDA, TSLA, AAPL, MSFT, AMZN: 4 of 20 are NVDA's
        UUID batch = user.createBatch(SimulatedBatch.body("Search by label", 20, 5, 0, 4, 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed".equals(view.path("status").asString()));
        page = openAs(user, "/#/batches/" + batch, 1280, 900);
        Locator results = page.getByTestId("item-search-row");

        page.getByTestId("item-search").fill("nvda");

        assertThat(results).hasCount(4);
        for (int i = 0; i < 4; i++) {
            assertThat(results.nth(i)).containsText("NVDA");
        }
        assertThat(page.getByTestId("item-search-note")).containsText("4 items with “nvda” in the label");
        assertThat(page.getByTestId("item-feed")).isHidden();
        UiBrowser.screenshot(page, "item-search");

        page.getByTestId("item-search").fill("no such label");
        assertThat(results).hasCount(0);
        assertThat(page.getByTestId("item-search-note")).containsText("No item label contains");

        page.getByTestId("item-search").fill("");
        assertThat(page.getByTestId("item-feed")).isVisible();
        assertThat(page.getByTestId("item-search-results")).isHidden();
    }

    @Test
    void aFailedItemIsRetriedFromItsRowAndOnlyThatItemRunsAgain() {
        UUID batch = user.createBatch(SimulatedBatch.body("Retry one item", 20, 5, 0.3, 4, 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed_with_errors".equals(view.path("status").asString()));
        page = openAs(user, "/#/batches/" + batch, 1280, 900);
        Locator failedRow = page.locator(".feed-row[data-status=failed]").first();
        failedRow.locator(".feed-row__toggle").click();
        Locator retry = failedRow.locator("[data-action=retry-item]");
        assertThat(retry).isVisible();
        long index = Long.parseLong(retry.getAttribute("data-index"));

        retry.click();

        // the item's second attempt may complete or fail again; no other item runs again
        await().atMost(Duration.ofMinutes(2)).until(() -> secondAttempts(batch) == 1);
        assertThat(secondAttemptIndexes(batch)).containsExactly(index);
    }

    @Test
    void aFinishedBatchWhoseSnapshotLagsIsReadUntilTheSnapshotHasCaughtUp() {
        // a retry that is over before the page reads the batch again: the orchestrator's final
        // numbers come before the gateway's snapshot has folded the last failure
        UUID batch = user.createBatch(SimulatedBatch.body("Snapshot behind", 20, 5, 0.3, 4, 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed_with_errors".equals(view.path("status").asString()));
        JsonNode largest = user.failures(batch).path("groups").path(0);
        String key = largest.path("key").asString();
        long count = largest.path("count").asLong();
        AtomicInteger reads = new AtomicInteger();
        page = UiBrowser.newPage(1280, 900);
        user.signInBrowser(page);
        page.route("**/api/v1/batches/" + batch, route -> {
            APIResponse response = route.fetch();
            String body = response.text();
            if (reads.incrementAndGet() <= 3) {
                body = withOneFailureLess(body, key);
            }
            route.fulfill(new Route.FulfillOptions().setResponse(response).setBody(body));
        });
        page.navigate(user.url("/#/batches/" + batch).toString());

        // the page reads on past the lagging answers, then shows the group as it is and ends
        assertThat(group(key).locator(".failure-group__text")).hasText(Pattern.compile("^" + count + " × "));
        assertThat(page.getByTestId("connection")).hasAttribute("data-state", "ended");
        assertThat(reads.get()).isGreaterThan(3);
    }

    /** The batch read as it is while its snapshot has not folded the group's last failure yet. */
    private static String withOneFailureLess(String body, String key) {
        JsonNode read = EventJson.mapper().readTree(body);
        ObjectNode snapshot = (ObjectNode) read.path("data").path("snapshot");
        snapshot.put("failed", snapshot.path("failed").asLong() - 1);
        snapshot.put("inProgress", snapshot.path("inProgress").asLong() + 1);
        snapshot.put("status", "running");
        ArrayNode groups = EventJson.mapper().createArrayNode();
        for (JsonNode group : snapshot.path("failureGroups")) {
            long count = group.path("count").asLong();
            if (!key.equals(group.path("key").asString())) {
                groups.add(group);
            } else if (count > 1) {
                groups.add(((ObjectNode) group.deepCopy()).put("count", count - 1));
            }
        }
        snapshot.set("failureGroups", groups);
        return read.toString();
    }

    private Locator group(String key) {
        return page.locator("[data-testid=failure-group][data-group=\"" + key + "\"]");
    }

    /** Items that finished a second attempt. */
    private static long secondAttempts(UUID batch) {
        return secondAttemptIndexes(batch).size();
    }

    private static List<Long> secondAttemptIndexes(UUID batch) {
        return Stream.of("completed", "failed")
                .flatMap(status -> StreamSupport.stream(user.items(batch, status).path("content").spliterator(), false))
                .filter(item -> item.path("attempt").asInt() == 2).map(item -> item.path("index").asLong()).toList();
    }

    /** The indexes of the failed items whose error has this code. */
    private static List<Long> failedIndexes(UUID batch, String code) {
        return StreamSupport.stream(user.items(batch, "failed").path("content").spliterator(), false)
                .filter(item -> code.equals(item.path("error").path("code").asString()))
                .map(item -> item.path("index").asLong()).toList();
    }

    private static long count(JsonNode failures, String key) {
        return StreamSupport.stream(failures.path("groups").spliterator(), false)
                .filter(group -> key.equals(group.path("key").asString()))
                .mapToLong(group -> group.path("count").asLong()).findFirst().orElse(0);
    }
}
