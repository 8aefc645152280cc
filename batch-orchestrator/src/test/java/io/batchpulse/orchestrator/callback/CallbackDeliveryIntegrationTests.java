package io.batchpulse.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.CallbackEvent;
import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.support.CallbackReceiver;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Completion callbacks end to end: commands through Kafka, a fake worker, the real database, and a
 * real HTTP receiver on loopback that refuses the first tries. Loopback is allowed here explicitly,
 * as an operator would allow an internal receiver; the backoff is shortened so retries come quickly.
 */
class CallbackDeliveryIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    private static final String SECRET = "whsec_integration";
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(300);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("orchestrator.callbacks.allowed-targets", () -> "127.0.0.1");
        registry.add("orchestrator.callbacks.poll-interval", () -> "100ms");
        registry.add("orchestrator.callbacks.initial-backoff", () -> INITIAL_BACKOFF.toMillis() + "ms");
        registry.add("orchestrator.callbacks.jitter", () -> "100ms");
    }

    @Autowired
    CallbackDeliveries deliveries;

    @Autowired
    CallbackDispatcher dispatcher;

    @Autowired
    Transactions transactions;

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void completionIsDeliveredSignedAfterTheReceiverRefusedTwiceAndEveryAttemptIsListed() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(SECRET, 2)) {
            UUID batchId = UUID.randomUUID();
            worker.behave(batchId, FakeWorker.COMPLETE);
            commands.send(withCallbacks(batchId, 3, List.of(
                    new Callback(receiver.url(), List.of(CallbackEvent.COMPLETED, CallbackEvent.FAILED), SECRET),
                    new Callback(receiver.url(), List.of(CallbackEvent.PAUSED), null))));
            awaitCompleted(batchId);

            List<CallbackReceiver.Received> received = await().until(receiver::received, list -> list.size() == 3);

            assertThat(received).allSatisfy(request -> {
                assertThat(request.signatureValid()).as("signature %s", request.signature()).isTrue();
                assertThat(request.event()).isEqualTo("completed");
            });
            assertThat(received).extracting(CallbackReceiver.Received::deliveryId).containsOnly(received.get(0).deliveryId());
            assertThat(received).extracting(CallbackReceiver.Received::body).containsOnly(received.get(0).body());
            JsonNode body = EventJson.mapper().readTree(received.get(0).body());
            assertThat(body.get("deliveryId").asString()).isEqualTo(received.get(0).deliveryId());
            assertThat(body.get("batchId").asString()).isEqualTo(batchId.toString());
            assertThat(body.get("event").asString()).isEqualTo("completed");
            assertThat(body.get("status").asString()).isEqualTo("completed");
            assertThat(body.get("completed").asLong()).isEqualTo(3);
            assertThat(body.get("finishedAt").isNull()).isFalse();

            CallbacksView view = await().until(() -> callbacks(batchId),
                    v -> "delivered".equals(v.callbacks().get(0).deliveries().get(0).status()));
            CallbacksView.Delivery delivery = view.callbacks().get(0).deliveries().get(0);
            assertThat(delivery.id().toString()).isEqualTo(received.get(0).deliveryId());
            assertThat(delivery.attempts()).extracting(CallbacksView.Attempt::httpStatus).containsExactly(503, 503, 200);
            assertThat(delivery.attempts().get(0).error()).isEqualTo("HTTP 503");
            // the backoff's lower bound: no retry comes before the initial delay
            assertThat(delivery.attempts().get(1).attemptedAt())
                    .isAfterOrEqualTo(delivery.attempts().get(0).attemptedAt().plus(INITIAL_BACKOFF.minusMillis(50)));
            assertThat(delivery.deliveredAt()).isNotNull();
            assertThat(delivery.nextAttemptAt()).isNull();
            assertThat(view.callbacks().get(0).secretSet()).isTrue();
            assertThat(view.callbacks().get(1).secretSet()).isFalse();
            assertThat(view.callbacks().get(1).deliveries()).as("listens for paused only").isEmpty();
            assertThat(rawCallbacks(batchId)).doesNotContain(SECRET);
        }
    }

    @Test
    void resendDeliversTheSameEventAgainWithTheSameDeliveryId() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(SECRET, 0)) {
            UUID batchId = UUID.randomUUID();
            worker.behave(batchId, FakeWorker.COMPLETE);
            commands.send(withCallbacks(batchId, 2,
                    List.of(new Callback(receiver.url(), List.of(CallbackEvent.COMPLETED), SECRET))));
            await().until(receiver::received, list -> list.size() == 1);
            UUID deliveryId = await().until(() -> callbacks(batchId).callbacks().get(0).deliveries(),
                    list -> list.size() == 1 && "delivered".equals(list.get(0).status())).get(0).id();

            assertThat(post("/internal/v1/batches/" + batchId + "/callbacks/" + deliveryId + "/resend")).isEqualTo(200);

            List<CallbackReceiver.Received> received = await().until(receiver::received, list -> list.size() == 2);
            assertThat(received.get(1).deliveryId()).isEqualTo(deliveryId.toString());
            assertThat(received.get(1).signatureValid()).isTrue();
            CallbacksView.Delivery delivery = await().until(() -> callbacks(batchId).callbacks().get(0).deliveries().get(0),
                    d -> d.attempts().size() == 2 && "delivered".equals(d.status()));
            assertThat(delivery.attempts()).extracting(CallbacksView.Attempt::httpStatus).containsExactly(200, 200);
        }
    }

    @Test
    void resendOfAnUnknownDeliveryIsNotFound() throws Exception {
        assertThat(post("/internal/v1/batches/" + UUID.randomUUID() + "/callbacks/" + UUID.randomUUID() + "/resend"))
                .isEqualTo(404);
        assertThat(api.status("/internal/v1/batches/" + UUID.randomUUID() + "/callbacks")).isEqualTo(404);
    }

    @Test
    void aCallbackToAPrivateOrLinkLocalAddressIsRefusedAndNothingIsCreated() {
        UUID batchId = UUID.randomUUID();
        List<BatchCommand> batch = withCallbacks(batchId, 1, List.of(
                new Callback("http://169.254.169.254/latest/meta-data", List.of(CallbackEvent.COMPLETED), SECRET),
                new Callback("https://10.1.2.3/hook", List.of(CallbackEvent.FAILED), SECRET)));
        commands.send(batch);

        CommandRejected rejected = awaitRejected(batchId, batch.get(0).commandId());

        assertThat(rejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejected.details()).hasSize(2);
        assertThat(rejected.details().get(0)).startsWith("callbacks[0].url: 169.254.169.254 is a link-local address");
        assertThat(rejected.details().get(1)).startsWith("callbacks[1].url: 10.1.2.3 is a private address");
        assertThat(batchRow(batchId)).isEqualTo("absent");
    }

    /**
     * Two instances polling at once: a claim skips the rows another holds, and a claimed row waits
     * for its lease. This instance's delivery thread is stopped meanwhile, so only the test claims.
     */
    @Test
    void concurrentClaimsNeverTakeTheSameDelivery() throws Exception {
        dispatcher.stop();
        try (CallbackReceiver receiver = new CallbackReceiver(SECRET, 0)) {
            UUID batchId = UUID.randomUUID();
            worker.behave(batchId, FakeWorker.SILENT);
            commands.send(withCallbacks(batchId, 1,
                    List.of(new Callback(receiver.url(), List.of(CallbackEvent.PAUSED), SECRET))));
            await().until(() -> counter(batchId, "total") == 1);
            for (int i = 0; i < 20; i++) {
                jdbc.update("""
                        INSERT INTO callback_deliveries (id, batch_id, position, event, body, status, next_attempt_at,
                                                         created_at, give_up_at)
                        VALUES (?, ?, 0, 'paused', '{}', 'pending', now(), now(), now() + interval '1 hour')
                        """, UUID.randomUUID(), batchId);
            }
            CountDownLatch firstClaimed = new CountDownLatch(1);
            CountDownLatch secondDone = new CountDownLatch(1);
            CompletableFuture<List<UUID>> first = CompletableFuture.supplyAsync(() -> transactions.inTransaction(() -> {
                List<UUID> ids = ids(deliveries.claim(12));
                firstClaimed.countDown();
                awaitLatch(secondDone);
                return ids;
            }));
            awaitLatch(firstClaimed);
            List<UUID> second = transactions.inTransaction(() -> ids(deliveries.claim(20)));
            secondDone.countDown();
            List<UUID> third = transactions.inTransaction(() -> ids(deliveries.claim(20)));

            List<UUID> mine = jdbc.queryForList("SELECT id FROM callback_deliveries WHERE batch_id = ?", UUID.class,
                    batchId);
            List<UUID> firstIds = first.get(30, TimeUnit.SECONDS);
            assertThat(firstIds).hasSize(12).noneMatch(second::contains).noneMatch(third::contains);
            assertThat(second).noneMatch(third::contains);
            assertThat(third).noneMatch(mine::contains);
            List<UUID> claimed = new ArrayList<>(firstIds);
            claimed.addAll(second);
            assertThat(claimed).containsAll(mine);
        } finally {
            dispatcher.start();
        }
    }

    private static List<UUID> ids(List<CallbackDeliveries.Claimed> claimed) {
        return claimed.stream().map(CallbackDeliveries.Claimed::id).toList();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other claim did not come");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<BatchCommand> withCallbacks(UUID batchId, int items, List<Callback> callbacks) {
        return Commands.batch(batchId, items, items, Commands.options(4, 1, Duration.ofMinutes(1)), callbacks);
    }

    private CallbacksView callbacks(UUID batchId) throws Exception {
        return api.get("/internal/v1/batches/" + batchId + "/callbacks", new TypeReference<>() {
        });
    }

    private String rawCallbacks(UUID batchId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/internal/v1/batches/" + batchId + "/callbacks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int post(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
