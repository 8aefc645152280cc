package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.CommandOutcome;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.command.CancelBatch;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.command.ResumeBatch;
import io.batchpulse.events.item.ItemCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault F8 of RELIABILITY.md on the three-broker cluster: duplicate, racing and redelivered
 * commands, and a kill -9 of the orchestrator right after it accepted one. A pause and a resume
 * each go straight to batch-commands twice with the same commandId; two clients on the two
 * gateways race pauses and resumes, and cancels on a second batch (with a cancel twice on the
 * topic); the orchestrator is killed right after a pause was accepted, and the resume sent while
 * it is down is delivered twice. Then I6 ({@link CommandLedger}): every commandId answered once,
 * the status machine respected, the API's answers tallying; and the batches end exact (I1–I5).
 */
class CommandFaultIntegrationTests extends FaultIntegrationTest {

    private static final List<String> PAUSE_OR_RESUME = List.of("pause", "resume");

    @TestFactory
    Stream<DynamicTest> duplicateRacingAndRedeliveredCommandsTakeEffectOnceThroughAnOrchestratorKill() {
        return FaultRuns.of("F8 duplicate and racing commands, orchestrator kill -9", 1, random -> {
            // the same user on both gateways: two browser tabs, or a tab and a script
            List<ApiClient> clients = List.of(api, ApiClient.as(cluster.url(cluster.gateways().get(1)), user));
            int total = 1_200;
            // 16 at once of 200 ms (15 s of running at best): it is still running when the commands end
            ObjectNode body = Batches.body("commands race", total, 200, 0.05, 3, "PT10S");
            ((ObjectNode) body.path("options")).put("maxInFlight", 16);
            UUID batch = batches.create(body);
            CommandLedger ledger = new CommandLedger();
            CommandLedger cancels = new CommandLedger();
            List<UUID> sentOnTopic = new ArrayList<>();
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, clients.get(0).token());
                    CommandTopic topic = new CommandTopic(cluster, user)) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(300));
                sentOnTopic.add(topic.sendTwice(batch, PauseBatch::new));
                batches.awaitStatus(batch, "paused");
                sentOnTopic.add(topic.sendTwice(batch, ResumeBatch::new));
                batches.awaitStatus(batch, "running");

                race(clients, random, ledger, batch, PAUSE_OR_RESUME, 6);
                // a second batch, created now so it still runs (8 at once, 300 items of 200 ms: 7 s or more)
                ObjectNode raced = Batches.body("cancels race", 300, 200, 0.0, 3, "PT10S");
                ((ObjectNode) raced.path("options")).put("maxInFlight", 8);
                UUID cancelled = batches.create(raced);
                CompletableFuture<Void> cancelling = CompletableFuture.runAsync(() ->
                        race(clients, random, cancels, cancelled, List.of("cancel"), 1));
                UUID cancelOnTopic = topic.sendTwice(cancelled, CancelBatch::new);
                cancelling.join();

                ApiClient client = clients.get(random.nextInt(clients.size()));
                if ("paused".equals(client.batch(batch).path("status").asString())) {
                    answer(ledger, client.control(batch, "resume"), 200);
                }
                answer(ledger, client.control(batch, "pause"), 200);
                System.out.println("F8: kill -9 of the orchestrator right after a pause was accepted");
                long faultAt = System.nanoTime();
                cluster.orchestrator().kill();
                sentOnTopic.add(topic.sendTwice(batch, ResumeBatch::new));
                cluster.restart(cluster.orchestrator());
                batches.await(batch, "resumed", view -> !"paused".equals(view.path("status").asString()));
                // the pause accepted before the kill, delivered again: applied before, so nothing happens
                topic.send(batch, lastPause(batches, batch), PauseBatch::new, 1);
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                // commands of one batch are read in order: once this one is refused, every earlier one was read
                UUID last = topic.send(batch, UUID.randomUUID(), ResumeBatch::new, 1);
                sentOnTopic.add(last);
                await("the last command answered").atMost(Batches.BATCH_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> answered(batches, batch, last));
                ledger.assertTookEffectOnce("batch " + batch, batches.events(batch), sentOnTopic);

                assertCancelledOnceAndExact(batches, cancelled, 300, cancels, cancelOnTopic);
                return row.noting(ledger.answers(200) + " API commands accepted, " + ledger.answers(409) + " refused");
            }
        });
    }

    /** Both clients send {@code perClient} random actions at once, each the moment the last was answered. */
    private static void race(List<ApiClient> clients, Random random, CommandLedger ledger, UUID batch,
            List<String> actions, int perClient) {
        List<List<String>> plans = clients.stream().map(client -> Stream.generate(() ->
                actions.get(random.nextInt(actions.size()))).limit(perClient).toList()).toList();
        List<CompletableFuture<Void>> racing = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            ApiClient client = clients.get(i);
            List<String> plan = plans.get(i);
            racing.add(CompletableFuture.runAsync(() -> plan.forEach(action ->
                    answer(ledger, client.control(batch, action), 200, 409, 503))));
        }
        racing.forEach(CompletableFuture::join);
    }

    private static void answer(CommandLedger ledger, ApiClient.Response response, Integer... expected) {
        assertThat(response.status()).as("answer to a control command: %s", response.body()).isIn((Object[]) expected);
        ledger.answered(response.status());
    }

    private static UUID lastPause(Batches batches, UUID batch) {
        return batches.events(batch).stream().filter(BatchPaused.class::isInstance).map(BatchPaused.class::cast)
                .reduce((first, second) -> second).orElseThrow().commandId();
    }

    private static boolean answered(Batches batches, UUID batch, UUID command) {
        return batches.events(batch).stream().anyMatch(event -> event instanceof CommandOutcome outcome
                && command.equals(outcome.commandId()));
    }

    /**
     * The raced batch: cancelled once, and its counts exact: the item rows in PostgreSQL, the REST
     * counts and the final events on the topic agree and add up to the total.
     */
    private static void assertCancelledOnceAndExact(Batches batches, UUID batch, int total, CommandLedger ledger,
            UUID cancelOnTopic) throws Exception {
        // a cancel ends what is pending; what is out with a worker still finishes and counts
        JsonNode view = batches.await(batch, "a final status, nothing out", done -> done.path("finishedAt").isString()
                && done.path("inProgressItems").asLong() == 0 && done.path("pendingItems").asLong() == 0);
        assertThat(view.path("status").asString()).as("the raced batch's status").isEqualTo("cancelled");
        ledger.assertTookEffectOnce("batch " + batch, batches.events(batch), List.of(cancelOnTopic));
        Map<String, Long> rows = batches.itemCountsInDatabase(batch);
        long completed = view.path("completedItems").asLong();
        long failed = view.path("failedItems").asLong();
        long cancelledItems = view.path("cancelledItems").asLong();
        assertThat(completed + failed + cancelledItems).as("I1: REST counts of the cancelled batch").isEqualTo(total);
        assertThat(rows).as("I2: item rows of the cancelled batch against REST").isEqualTo(nonZero(Map.of(
                "completed", completed, "failed", failed, "cancelled", cancelledItems)));
        assertThat(Batches.finalItems(batches.events(batch), ItemCompleted.class))
                .as("I2: completed items on the topic against REST").hasSize((int) completed);
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
