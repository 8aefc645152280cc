package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pause, resume and cancel from the batch page in a real browser: the buttons follow the status,
 * the bar turns amber when paused, cancel asks first in a dialog that keeps focus inside and
 * closes on Escape, and a finished batch's controls are disabled with a note saying so.
 */
class BatchControlsUiIntegrationTests extends UiIntegrationTest {

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "controls");
    }

    @Test
    void pauseResumeAndCancelThroughTheDialogKeepCompletedItems() {
        UUID batch = user.createBatch(SimulatedBatch.body("Backtest NVDA/TSLA sweep", 400, 150, 0.08, 3, 1));
        page = open(batch, 1280, 900);
        Locator bar = page.getByTestId("progressbar");
        assertThat(bar).hasAttribute("data-tone", "info");
        assertThat(page.getByTestId("progress-line")).containsText(Pattern.compile("Processing .*\\(\\d+ of 400\\)"));
        awaitCompletedAtLeast(8);
        UiBrowser.screenshot(page, "batch-page-running");

        button("pause").click();
        assertThat(button("resume")).isVisible();
        assertThat(button("resume")).isEnabled();
        assertThat(button("pause")).isHidden();
        assertThat(bar).hasAttribute("data-tone", "warning");
        assertThat(page.getByTestId("status-badge").first()).hasText("Paused");
        assertThat(page.getByTestId("progress-line")).containsText("Paused at");
        assertThat(page.getByTestId("stat-remaining").locator(".stat__value")).hasText("Paused");
        assertThat(page.locator(".timeline__item").last()).containsText("Paused");
        UiBrowser.screenshot(page, "batch-page-paused");

        button("resume").click();
        assertThat(button("pause")).isEnabled();
        assertThat(bar).hasAttribute("data-tone", "info");
        assertThat(page.getByTestId("status-badge").first()).hasText("Running");

        button("cancel").click();
        Locator dialog = page.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        assertThat(dialog).containsText("Completed items are kept");
        UiBrowser.screenshot(page, "cancel-dialog", false);
        dialog.getByText("Cancel batch").click();

        assertThat(page.getByTestId("status-badge").first()).hasText("Cancelled");
        assertThat(bar).hasAttribute("data-tone", "error");
        assertThat(page.getByTestId("controls-note")).hasText("Batch cancelled");
        assertThat(button("cancel")).isDisabled();
        assertThat(button("pause")).isDisabled();
        assertThat(page.getByTestId("connection")).hasAttribute("data-state", "ended");
        JsonNode view = user.batch(batch);
        assertThat(view.path("status").asString()).isEqualTo("cancelled");
        long completed = view.path("completedItems").asLong();
        assertThat(completed).isPositive();
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText(String.format("%,d", completed));
        assertThat(page.getByTestId("count-cancelled").locator(".breakdown__value"))
                .hasText(String.format("%,d", view.path("cancelledItems").asLong()));
        // completed items are still listed in the feed after the cancel
        assertThat(page.locator(".feed-row[data-status=completed]").first()).isVisible();
        assertThat(page.getByTestId("batch-banner")).containsText("completed items are kept");
    }

    @Test
    void theCancelDialogTrapsFocusAndClosesOnEscape() {
        UUID batch = user.createBatch(SimulatedBatch.body("Dialog keyboard check", 300, 200, 0, 2, 1));
        page = open(batch, 1280, 900);
        assertThat(button("cancel")).isEnabled();

        button("cancel").focus();
        page.keyboard().press("Enter");
        Locator dialog = page.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        assertThat(dialog).hasAttribute("aria-modal", "true");
        assertThat(dialog.getByText("Keep running")).isFocused();
        page.keyboard().press("Tab");
        assertThat(dialog.getByText("Cancel batch")).isFocused();
        page.keyboard().press("Tab");
        assertThat(dialog.getByText("Keep running")).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(dialog.getByText("Cancel batch")).isFocused();

        page.keyboard().press("Escape");
        assertThat(dialog).hasCount(0);
        assertThat(button("cancel")).isFocused();
        assertThat(page.getByTestId("status-badge").first()).hasText("Running");
        assertThat(user.batch(batch).path("status").asString()).isEqualTo("running");
        user.control(batch, "cancel");
    }

    @Test
    void aFinishedBatchDisablesItsControlsWithBatchCompleted() {
        UUID batch = user.createBatch(SimulatedBatch.body("Small clean run", 12, 20, 0, 4, 1));
        page = open(batch, 1280, 900);

        assertThat(page.getByTestId("controls-note")).hasText("Batch completed");
        assertThat(button("pause")).isDisabled();
        assertThat(button("cancel")).isDisabled();
        assertThat(button("retry-failed")).isHidden();
        assertThat(page.getByTestId("progressbar")).hasAttribute("data-tone", "success");
        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %");
        assertThat(page.getByTestId("count-completed").locator(".breakdown__value")).hasText("12");
    }

    @Test
    void autoScrollFollowsNewItemsAndStaysPutWhenTurnedOff() {
        UUID batch = user.createBatch(SimulatedBatch.body("Feed scrolling", 400, 100, 0, 4, 1));
        page = open(batch, 1280, 900);
        Locator scroller = page.locator(".feed__scroller");
        Locator rows = page.locator(".feed-row");
        page.waitForCondition(() -> rows.count() > 20);
        page.waitForCondition(() -> atBottom(scroller));

        page.getByTestId("autoscroll-toggle").click();
        assertThat(page.getByTestId("autoscroll-toggle")).hasAttribute("aria-pressed", "false");
        scroller.evaluate("element => { element.scrollTop = 0; }");
        int before = rows.count();
        page.waitForCondition(() -> rows.count() >= before + 20);
        assertThat(((Number) scroller.evaluate("element => element.scrollTop")).intValue()).isZero();
        assertThat(page.locator(".feed__jump")).isVisible();

        page.getByTestId("autoscroll-toggle").click();
        page.waitForCondition(() -> atBottom(scroller));
        user.control(batch, "cancel");
    }

    private Page open(UUID batch, int width, int height) {
        Page opened = openAs(user, "/#/batches/" + batch, width, height);
        assertThat(opened.getByTestId("connection")).not().hasAttribute("data-state", "connecting");
        return opened;
    }

    private Locator button(String action) {
        return page.locator(".controls [data-action=" + action + "]");
    }

    private void awaitCompletedAtLeast(long count) {
        page.waitForCondition(() -> Long.parseLong(page.getByTestId("count-completed").locator(".breakdown__value")
                .textContent().replaceAll("[^0-9]", "")) >= count);
    }

    private static boolean atBottom(Locator scroller) {
        return (Boolean) scroller.evaluate(
                "element => element.scrollHeight > element.clientHeight && element.scrollTop + element.clientHeight >= element.scrollHeight - 2");
    }
}
