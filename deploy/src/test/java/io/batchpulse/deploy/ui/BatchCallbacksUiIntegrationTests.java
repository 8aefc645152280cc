package io.batchpulse.deploy.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Completion callbacks in a real browser on the whole stack, against a receiver on loopback (the
 * test cluster allows 127.0.0.1): the batch page's Callbacks card shows the delivery that
 * succeeded after a refused first try, with its attempts, and [Resend] sends it again with the
 * same delivery id; the new-batch form takes a callback URL and its events.
 */
class BatchCallbacksUiIntegrationTests extends UiIntegrationTest {

    private static UiUser user;

    @BeforeAll
    static void createUser() {
        user = UiUser.unique(cluster.gatewayUrl(), "callbacks");
    }

    @Test
    void theCallbacksCardShowsTheDeliveryWithItsAttemptsAndResendSendsItAgain() {
        try (HookReceiver receiver = new HookReceiver(1)) {
            ObjectNode body = SimulatedBatch.body("With a callback", 6, 10, 0, 3, 1);
            body.putArray("callbacks").addObject().put("url", receiver.url()).put("secret", "whsec_ui_test")
                    .putArray("events").add("completed").add("failed");
            UUID batch = user.createBatch(body);
            await().atMost(Duration.ofMinutes(2)).until(() -> receiver.deliveryIds().size() == 2);
            String deliveryId = receiver.deliveryIds().get(0);
            assertThat(receiver.deliveryIds()).containsOnly(deliveryId);

            page = openAs(user, "/#/batches/" + batch, 1280, 900);
            Locator card = page.getByTestId("callbacks");
            Locator delivery = card.locator("[data-testid=delivery][data-delivery=\"" + deliveryId + "\"]");
            assertThat(card).isVisible();
            assertThat(card).containsText(receiver.url());
            assertThat(card).containsText("On completed, failed · signed");
            assertThat(delivery.getByTestId("delivery-status")).hasText("Delivered");
            assertThat(delivery.getByTestId("delivery-summary")).containsText("2 attempts · last: HTTP 200");
            delivery.getByTestId("delivery-summary").click();
            assertThat(delivery.getByTestId("attempt")).hasCount(2);
            assertThat(delivery.getByTestId("attempt").first()).containsText("HTTP 500");
            UiBrowser.screenshot(page, "callbacks-card");

            delivery.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resend")).click();

            await().atMost(Duration.ofMinutes(1)).until(() -> receiver.deliveryIds().size() == 3);
            assertThat(receiver.deliveryIds().get(2)).isEqualTo(deliveryId);
            // the card reads again while the delivery is pending, until the attempt is recorded
            assertThat(delivery.getByTestId("delivery-summary")).containsText("3 attempts · last: HTTP 200",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(delivery.getByTestId("delivery-status")).hasText("Delivered");
        }
    }

    @Test
    void aBatchWithoutCallbacksShowsNoCallbacksCard() {
        UUID batch = user.createBatch(SimulatedBatch.body("No callback", 3, 10, 0, 3, 1));
        await().atMost(Duration.ofMinutes(2)).until(() -> user.batch(batch),
                view -> "completed".equals(view.path("status").asString()));

        page = openAs(user, "/#/batches/" + batch, 1280, 900);

        assertThat(page.getByTestId("progress-percent")).hasText("100.0 %");
        // the card has read the batch's (empty) callbacks and stays hidden
        assertThat(page.locator("[data-testid=callbacks][data-loaded=true]")).isAttached();
        assertThat(page.getByTestId("callbacks")).isHidden();
    }

    @Test
    void theNewBatchFormTakesACallbackUrlAndItsEvents() {
        try (HookReceiver receiver = new HookReceiver(0)) {
            page = openAs(user, "/#/batches/new", 1280, 900);
            page.getByLabel("Batch name").fill("Form with a callback");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Fill with sample items")).click();
            page.getByLabel("Callback URL").fill(receiver.url());
            page.getByLabel("Signing secret").fill("whsec_form_test");
            page.getByLabel("cancelled").check();
            page.getByLabel("failed").uncheck();

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch")).click();

            page.waitForURL(url -> url.matches(".*#/batches/[0-9a-f-]{36}$"));
            UUID batch = UUID.fromString(page.url().replaceAll(".*#/batches/", ""));
            JsonNode target = user.callbacks(batch).path("callbacks").get(0);
            assertThat(target.path("url").asString()).isEqualTo(receiver.url());
            assertThat(List.of(target.path("events").get(0).asString(), target.path("events").get(1).asString()))
                    .containsExactly("completed", "cancelled");
            assertThat(target.path("secretSet").asBoolean()).isTrue();
            assertThat(target.toString()).doesNotContain("whsec_form_test");
            user.control(batch, "cancel");
            await().atMost(Duration.ofMinutes(1)).until(() -> receiver.deliveryIds().size() == 1);
        }
    }
}
