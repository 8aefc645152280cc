package io.batchpulse.orchestrator.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.ItemIds;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.CallbackEvent;
import io.batchpulse.events.model.Requester;
import io.batchpulse.orchestrator.support.CallbackReceiver;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Run again" on the real broker and database: the new batch gets the source's items (copied in
 * slices of 10 here, so a batch of 25 takes three), settings, processor and callbacks, then runs.
 */
class RerunIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    private static final int SLICE = 10;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("orchestrator.slices.size", () -> SLICE);
        registry.add("orchestrator.slices.poll-interval", () -> "100ms");
        registry.add("orchestrator.callbacks.allowed-targets", () -> "127.0.0.1");
        registry.add("orchestrator.callbacks.poll-interval", () -> "100ms");
    }

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void runAgainCopiesItemsSettingsAndCallbacksAndRunsTheNewBatch() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver("whsec_rerun", 0)) {
            UUID source = UUID.randomUUID();
            worker.behave(source, FakeWorker.COMPLETE);
            commands.send(Commands.batch(source, 25, 10, Commands.options(4, 2, Duration.ofMinutes(2)),
                    List.of(new Callback(receiver.url(), List.of(CallbackEvent.COMPLETED), "whsec_rerun"))));
            awaitCompleted(source);
            UUID again = UUID.randomUUID();
            worker.behave(again, FakeWorker.COMPLETE);
            RerunBatch rerun = Commands.rerun(again, source, Commands.ALICE);

            commands.send(rerun);

            BatchCreated created = await().until(() -> log.of(again, BatchCreated.class), l -> !l.isEmpty()).get(0);
            assertThat(created.commandId()).isEqualTo(rerun.commandId());
            assertThat(created.owner()).isEqualTo("alice");
            assertThat(created.options().maxInFlight()).isEqualTo(4);
            assertThat(created.options().maxAttempts()).isEqualTo(2);
            assertThat(created.config()).isEqualTo(EventJson.mapper().createObjectNode().put("latencyMs", 1));
            assertThat(awaitCompleted(again).completed()).isEqualTo(25);
            assertThat(log.of(again, BatchStarted.class)).singleElement()
                    .satisfies(started -> assertThat(started.total()).isEqualTo(25));
            assertThat(batchRow(again)).isEqualTo("completed 25 0 0 25 0 0");
            assertThat(copiedItemsDifferingFromTheirSource(source, again)).isZero();
            assertThat(jdbc.queryForList("SELECT id FROM batch_items WHERE batch_id = ? AND idx = 24", UUID.class, again))
                    .containsExactly(ItemIds.of(again, 24));
            assertThat(jdbc.queryForObject("SELECT copy_from FROM batch_jobs WHERE id = ?", UUID.class, again)).isNull();
            Map<String, Object> callback = jdbc.queryForMap(
                    "SELECT url, events::text AS events, secret FROM batch_callbacks WHERE batch_id = ?", again);
            assertThat(callback).containsEntry("url", receiver.url()).containsEntry("events", "{completed}")
                    .containsEntry("secret", "whsec_rerun");
            List<CallbackReceiver.Received> received = await().until(receiver::received, l -> l.size() == 2);
            assertThat(received).allSatisfy(request -> assertThat(request.signatureValid()).isTrue());
            assertThat(received).extracting(request -> EventJson.mapper().readTree(request.body()).get("batchId").asString())
                    .containsExactlyInAnyOrder(source.toString(), again.toString());
        }
    }

    @Test
    void anUnknownBatchAndSomeoneElsesAreBothNotFound() {
        UUID source = UUID.randomUUID();
        runToCompletion(source, 3, Commands.options(4, 1, Duration.ofMinutes(1)));

        RerunBatch unknown = Commands.rerun(UUID.randomUUID(), UUID.randomUUID(), Commands.ALICE);
        RerunBatch byBob = Commands.rerun(UUID.randomUUID(), source, new Requester("bob", false));
        commands.send(unknown, byBob);

        assertThat(awaitRejected(unknown.batchId(), unknown.commandId()).code()).isEqualTo("NOT_FOUND");
        CommandRejected foreign = awaitRejected(byBob.batchId(), byBob.commandId());
        assertThat(foreign.code()).isEqualTo("NOT_FOUND");
        assertThat(foreign.message()).isEqualTo("batch " + source + " not found");
        assertThat(batchRow(unknown.batchId())).isEqualTo("absent");
        assertThat(batchRow(byBob.batchId())).isEqualTo("absent");
    }

    @Test
    void aBatchStillReceivingItsItemsCannotRunAgain() {
        UUID source = UUID.randomUUID();
        List<BatchCommand> unsealed = Commands.batch(source, 3, 3, Commands.options(4, 1, Duration.ofMinutes(1)));
        commands.send(unsealed.subList(0, unsealed.size() - 1));
        await().until(() -> counter(source, "total") == 3);
        RerunBatch rerun = Commands.rerun(UUID.randomUUID(), source, Commands.ALICE);

        commands.send(rerun);

        CommandRejected rejected = awaitRejected(rerun.batchId(), rerun.commandId());
        assertThat(rejected.code()).isEqualTo("INVALID_TRANSITION");
        assertThat(rejected.currentStatus()).isEqualTo("created");
        assertThat(batchRow(rerun.batchId())).isEqualTo("absent");
    }

    private long copiedItemsDifferingFromTheirSource(UUID source, UUID copy) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM batch_items s FULL JOIN
                    (SELECT * FROM batch_items WHERE batch_id = ?) c ON c.idx = s.idx
                WHERE s.batch_id = ? AND (c.idx IS NULL OR c.label IS DISTINCT FROM s.label
                                          OR c.payload IS DISTINCT FROM s.payload)
                """, Long.class, copy, source);
    }
}
