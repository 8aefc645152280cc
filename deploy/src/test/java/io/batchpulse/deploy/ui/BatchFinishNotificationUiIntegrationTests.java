package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Notify me when done" in a real browser. The page's Notification API is replaced by a recorder
 * before any script runs (a headless browser shows no desktop notification to look at), so the test
 * sees when permission is asked and which notification the page creates.
 */
class BatchFinishNotificationUiIntegrationTests extends UiIntegrationTest {

    private static final String RECORDER = """
            window.__permissionRequests = 0;
            window.__notifications = [];
            window.Notification = class {
              static permission = 'default';
              static requestPermission() {
                window.__permissionRequests++;
                window.Notification.permission = 'granted';
                return Promise.resolve('granted');
              }
              constructor(title, options) {
                window.__notifications.push({ title, body: options && options.body });
              }
            };
            """;

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "notify");
    }

    @Test
    void aWatchedBatchNotifiesOnceWhenItFinishesAndPermissionIsAskedOnlyFromTheButton() {
        UUID batch = user.createBatch(SimulatedBatch.body("Notify when done", 100, 200, 0, 2, 1));
        openWithRecorder(batch);
        var button = page.getByTestId("notify-when-done");
        assertThat(button).isVisible();
        assertThat(button).hasText("Notify me when done");
        assertThat(((Number) page.evaluate("window.__permissionRequests")).intValue()).isZero();

        button.click();

        assertThat(button).hasAttribute("aria-pressed", "true");
        assertThat(button).hasText("Will notify when done");
        assertThat(((Number) page.evaluate("window.__permissionRequests")).intValue()).isEqualTo(1);
        await().atMost(Duration.ofMinutes(3)).until(() -> notifications().size() == 1);
        assertThat(notifications().get(0).get("title")).isEqualTo("Notify when done: completed");
        assertThat(notifications().get(0).get("body")).isEqualTo("100 completed, 0 failed of 100 items");
        assertThat(button).isHidden();
    }

    @Test
    void aBatchAlreadyFinishedWhenThePageOpensOffersNoNotification() {
        UUID batch = user.createBatch(SimulatedBatch.body("Finished before", 5, 5, 0, 5, 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed".equals(view.path("status").asString()));
        openWithRecorder(batch);

        assertThat(page.getByTestId("controls-note")).hasText("Batch completed");
        assertThat(page.getByTestId("notify-when-done")).isHidden();
        assertThat(notifications()).isEmpty();
    }

    private void openWithRecorder(UUID batch) {
        page = UiBrowser.newPage(1280, 900);
        page.addInitScript(RECORDER);
        user.signInBrowser(page);
        page.navigate(user.url("/#/batches/" + batch).toString());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> notifications() {
        return (List<Map<String, Object>>) page.evaluate("window.__notifications");
    }
}
