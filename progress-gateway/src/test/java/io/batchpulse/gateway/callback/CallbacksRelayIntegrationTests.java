package io.batchpulse.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.CallbackEvent;
import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The callbacks report and a resend reach the orchestrator only for the batch's owner (or an admin). */
class CallbacksRelayIntegrationTests extends GatewayIntegrationTest {

    @Test
    void theOwnerSeesEveryDeliveryWithItsAttempts() {
        UUID id = UUID.randomUUID();
        UUID delivery = alicesBatchWithOneDelivery(id);

        Api.Response answer = api.get("/api/v1/batches/" + id + "/callbacks", Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(200);
        var target = answer.json().path("data").path("callbacks").get(0);
        assertThat(target.path("url").asString()).isEqualTo("https://hooks.example.com/done");
        assertThat(target.path("secretSet").asBoolean()).isTrue();
        assertThat(target.has("secret")).isFalse();
        var sent = target.path("deliveries").get(0);
        assertThat(sent.path("id").asString()).isEqualTo(delivery.toString());
        assertThat(sent.path("status").asString()).isEqualTo("pending");
        assertThat(sent.path("attempts").get(0).path("httpStatus").asInt()).isEqualTo(503);
        assertThat(sent.path("attempts").get(1).path("error").asString()).isEqualTo("timeout: Read timed out");
    }

    @Test
    void theOwnerResendsADeliveryAndAnUnknownOneIs404() {
        UUID id = UUID.randomUUID();
        UUID delivery = alicesBatchWithOneDelivery(id);

        Api.Response resent = api.post("/api/v1/batches/" + id + "/callbacks/" + delivery + "/resend",
                Tokens.user("alice"), "");
        Api.Response unknown = api.post("/api/v1/batches/" + id + "/callbacks/" + UUID.randomUUID() + "/resend",
                Tokens.user("alice"), "");

        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.json().path("data").path("batchId").asString()).isEqualTo(id.toString());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(orchestrator.resent()).containsExactly(delivery);
    }

    @Test
    void someoneElsesBatchsCallbacksCanBeNeitherSeenNorResent() {
        UUID id = UUID.randomUUID();
        UUID delivery = alicesBatchWithOneDelivery(id);

        Api.Response read = api.get("/api/v1/batches/" + id + "/callbacks", Tokens.user("mallory"));
        Api.Response resend = api.post("/api/v1/batches/" + id + "/callbacks/" + delivery + "/resend",
                Tokens.user("mallory"), "");
        Api.Response unknownBatch = api.get("/api/v1/batches/" + UUID.randomUUID() + "/callbacks", Tokens.user("alice"));

        assertThat(read.status()).isEqualTo(404);
        assertThat(resend.status()).isEqualTo(404);
        assertThat(unknownBatch.status()).isEqualTo(404);
        assertThat(orchestrator.resent()).doesNotContain(delivery);
    }

    /** A batch of alice's whose one callback has one pending delivery after two failed attempts; its id. */
    private UUID alicesBatchWithOneDelivery(UUID id) {
        UUID delivery = UUID.randomUUID();
        orchestrator.put(id, "alice", 3);
        orchestrator.putCallbacks(report(id, delivery));
        return delivery;
    }

    private static CallbacksView report(UUID batchId, UUID deliveryId) {
        Instant at = Instant.parse("2026-03-02T09:00:00Z");
        CallbacksView.Delivery delivery = new CallbacksView.Delivery(deliveryId, CallbackEvent.COMPLETED, "pending",
                at, at.plusSeconds(40), null, at.plusSeconds(86_400), List.of(
                        new CallbacksView.Attempt(1, at, 503, "HTTP 503", 12),
                        new CallbacksView.Attempt(2, at.plusSeconds(10), null, "timeout: Read timed out", 10_000)));
        return new CallbacksView(batchId, List.of(new CallbacksView.Target(0, "https://hooks.example.com/done",
                List.of(CallbackEvent.COMPLETED, CallbackEvent.FAILED), true, List.of(delivery))));
    }
}
