package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The batch page keeps working when its connection does not: a gateway that stops and starts
 * again, or answers that fail for a while, show "Reconnecting…" and then recover on their own,
 * without a reload, with exact counts at the end. A flood of items (5,000 a second) neither
 * freezes the page nor grows the feed past its cap. And the pages fit a 375 px wide phone.
 */
class BatchPageResilienceIntegrationTests extends UiIntegrationTest {

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "reconnect");
    }

    @Test
    void aGatewayRestartShowsReconnectingThenLiveAndTheCountsEndExactWithoutAReload() {
        UUID batch = user.createBatch(SimulatedBatch.body("Survives a gateway restart", 1000, 120, 0.02, 4, 1));
        page = open(batch);
        Locator connection = page.getByTestId("connection");
        assertThat(connection).hasAttribute("data-state", "live");
        page.evaluate("() => { window.__sameDocument = true; }");

        cluster.gateway().stop(Duration.ofSeconds(10));
        assertThat(connection).hasAttribute("data-state", "reconnecting");
        assertThat(connection).hasText("Reconnecting…");
        cluster.restart(cluster.gateway());
        assertThat(connection).hasAttribute("data-state", "live");
        assertThat(connection).hasText("Live");

        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %", new com.microsoft.playwright.assertions
                .LocatorAssertions.HasTextOptions().setTimeout(120_000));
        assertThat(connection).hasAttribute("data-state", "ended");
        JsonNode view = user.batch(batch);
        assertThat(number(page, "count-completed")).isEqualTo(view.path("completedItems").asLong());
        assertThat(number(page, "count-failed")).isEqualTo(view.path("failedItems").asLong());
        assertThat(view.path("completedItems").asLong() + view.path("failedItems").asLong()).isEqualTo(1000);
        assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
    }

    @Test
    void failingAnswersShowReconnectingAndThePageRecoversByItself() {
        UUID batch = user.createBatch(SimulatedBatch.body("Flaky proxy", 400, 150, 0, 3, 1));
        page = open(batch);
        Locator connection = page.getByTestId("connection");
        assertThat(connection).hasAttribute("data-state", "live");

        // a proxy in front of a restarting gateway: every API answer (the stream's too) is a 502
        page.route("**/api/v1/batches/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(502).setContentType("text/html").setBody("<html>Bad gateway</html>")));
        page.evaluate("() => window.__batchpulse.dropStream()");
        assertThat(connection).hasText("Reconnecting…");
        page.unrouteAll();
        assertThat(connection).hasAttribute("data-state", "live");
        String counts = page.getByTestId("progress-line").textContent();
        page.waitForCondition(() -> !page.getByTestId("progress-line").textContent().equals(counts));
        user.control(batch, "cancel");
    }

    @Test
    void aGatewayAtItsStreamCapacityShowsBusyWithItsCountdownKeepsTheNumbersMovingAndStreamsOnceThereIsRoom() {
        UUID batch = user.createBatch(SimulatedBatch.body("Refused a stream", 600, 100, 0, 3, 1));
        page = UiBrowser.newPage(1280, 900);
        user.signInBrowser(page);
        // the gateway's answer at its capacity, as StreamLimitsIntegrationTests proves it is sent
        List<Long> refusedAt = new CopyOnWriteArrayList<>();
        page.route("**/stream-ticket", route -> {
            refusedAt.add(System.nanoTime());
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(503)
                    .setContentType("application/json").setHeaders(Map.of("Retry-After", "6"))
                    .setBody("{\"data\":null,\"error\":{\"code\":\"STREAMS_FULL\",\"message\":\"Live updates are "
                            + "busy on this server; retry in 6 s (the REST API keeps working)\",\"details\":[]}}"));
        });
        page.navigate(user.url("/#/batches/" + batch).toString());
        Locator connection = page.getByTestId("connection");

        assertThat(connection).hasAttribute("data-state", "busy");
        assertThat(connection).containsText(java.util.regex.Pattern.compile("Live updates are busy, retrying in [1-9] s"));
        // the batch is read every 2 s meanwhile
        String counts = page.getByTestId("progress-line").textContent();
        page.waitForCondition(() -> !page.getByTestId("progress-line").textContent().equals(counts));
        page.waitForCondition(() -> refusedAt.size() >= 2, new Page.WaitForConditionOptions().setTimeout(30_000));

        page.unrouteAll();
        // no retry before Retry-After (6 s, less at most 20 % of jitter)
        assertThat(Duration.ofNanos(refusedAt.get(1) - refusedAt.get(0))).isGreaterThan(Duration.ofSeconds(4));
        assertThat(connection).hasAttribute("data-state", "live", new com.microsoft.playwright.assertions
                .LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(connection).hasText("Live");
        user.control(batch, "cancel");
    }

    @Test
    void everyPageFitsA375PixelScreenWithoutSidewaysScrolling() {
        UUID batch = user.createBatch(SimulatedBatch.body("Phone-sized view of a long batch name that wraps", 200, 150, 0.1, 3, 1));
        page = UiBrowser.newPage(375, 812);
        user.signInBrowser(page);

        page.navigate(user.url("/#/batches/" + batch).toString());
        assertThat(page.getByTestId("connection")).hasAttribute("data-state", "live");
        page.waitForCondition(() -> page.locator(".feed-row").count() > 5);
        assertNoSidewaysScroll();
        UiBrowser.screenshot(page, "mobile-batch-page");

        page.navigate(user.url("/#/batches").toString());
        assertThat(page.locator(".batch-row")).not().hasCount(0);
        assertNoSidewaysScroll();
        UiBrowser.screenshot(page, "mobile-batch-list");

        page.navigate(user.url("/#/batches/new").toString());
        assertThat(page.getByLabel("Batch name")).isVisible();
        assertNoSidewaysScroll();
        user.control(batch, "cancel");
    }

    @Test
    void fiveThousandItemsASecondKeepThePageResponsiveAndTheFeedCapped() {
        UUID batch = user.createBatch(SimulatedBatch.body("Flood", 5, 5, 0, 5, 1));
        page = open(batch);
        assertThat(page.getByTestId("connection")).hasAttribute("data-state", "ended");

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) page.evaluate("""
                async () => {
                  const total = 15000;
                  let maxGap = 0, frames = 0, last = performance.now(), running = true, sent = 0;
                  const frame = (time) => { frames++; maxGap = Math.max(maxGap, time - last); last = time; if (running) requestAnimationFrame(frame); };
                  requestAnimationFrame(frame);
                  const send = (upTo) => {
                    const burst = [];
                    for (; sent < upTo; sent++) {
                      const failed = sent % 10 === 0;
                      burst.push({ itemId: 'flood-' + sent, index: sent, label: 'Item ' + sent, attempt: 1, durationMs: 3,
                        status: failed ? 'failed' : 'completed', score: sent % 997,
                        error: failed ? { code: 'VALIDATION_FAILED', message: 'boom', details: ['stem too short'] } : null,
                        at: Date.now() });
                    }
                    window.__batchpulse.receiveItems(burst);
                  };
                  const started = performance.now();
                  while (sent < total) {
                    // whatever is due at 5 items per millisecond, however late this turn of the loop runs
                    send(Math.min(total, Math.floor((performance.now() - started) * 5)));
                    await new Promise((resolve) => setTimeout(resolve, 10));
                  }
                  const seconds = (performance.now() - started) / 1000;
                  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
                  running = false;
                  return { sent, seconds, frames, maxGap, rows: document.querySelectorAll('.feed-row').length };
                }
                """);
        assertThat(((Number) result.get("rows")).intValue()).as("rows in the feed: %s", result).isEqualTo(500);
        // the items arrive on the thread that draws: a page that could not keep up would stop drawing.
        // Bounds leave room for a loaded build machine (measured here unloaded: ~40 frames a second,
        // longest gap under 100 ms).
        double seconds = ((Number) result.get("seconds")).doubleValue();
        assertThat(((Number) result.get("frames")).intValue()).as("frames drawn: %s", result).isGreaterThan((int) (seconds * 10));
        assertThat(((Number) result.get("maxGap")).doubleValue()).as("longest frame, ms: %s", result).isLessThan(1000);
        assertThat(page.locator(".feed-row").last()).containsText("Item 14999");
    }

    private void assertNoSidewaysScroll() {
        // on failure, the elements that reach past the screen's right edge say what to fix
        Object tooWide = page.evaluate("() => [...document.querySelectorAll('body *')]"
                + ".filter((e) => e.getBoundingClientRect().right > 376)"
                + ".slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
                .as("page width at 375 px; reaching past it: %s", tooWide).isLessThanOrEqualTo(375);
    }

    private Page open(UUID batch) {
        return openAs(user, "/#/batches/" + batch, 1280, 900);
    }

    private static long number(Page page, String testId) {
        return Long.parseLong(page.getByTestId(testId).locator(".breakdown__value").textContent().replaceAll("[^0-9]", ""));
    }
}
