package io.batchpulse.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.model.Requester;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.CommandsProbe;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BatchControlIntegrationTests extends GatewayIntegrationTest {

    @Test
    void pauseSendsTheCommandAndAnswersWithTheTransition() throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + "/pause",
                    Tokens.user("alice"), "");
            BatchCommand pause = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            assertThat(pause).isInstanceOf(PauseBatch.class);
            assertThat(pause.batchId()).isEqualTo(id);
            assertThat(pause.requestedBy()).isEqualTo(new Requester("alice", false));

            Instant pausedAt = Instant.parse("2026-02-02T10:00:00Z");
            publish(new BatchPaused(UUID.randomUUID(), id, pausedAt, SchemaVersion.CURRENT, pause.commandId(), "alice",
                    "USER"));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode data = answer.json().path("data");
            assertThat(data.path("batchId").asString()).isEqualTo(id.toString());
            assertThat(data.path("previousStatus").asString()).isEqualTo("running");
            assertThat(data.path("newStatus").asString()).isEqualTo("paused");
            assertThat(data.path("action").asString()).isEqualTo("pause");
            assertThat(data.path("timestamp").asString()).isEqualTo("2026-02-02T10:00:00Z");
        }
    }

    @Test
    void refusedTransitionIs409WithTheCurrentStatus() throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + "/resume",
                    Tokens.user("alice"), "");
            BatchCommand resume = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            publish(new CommandRejected(UUID.randomUUID(), id, Instant.now(), SchemaVersion.CURRENT,
                    resume.commandId(), "resume", "INVALID_TRANSITION", "Cannot resume a completed batch",
                    "completed", List.of()));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.errorCode()).isEqualTo("INVALID_TRANSITION");
            assertThat(answer.json().path("error").path("details").toString()).contains("currentStatus: completed");
        }
    }

    @Test
    void controllingSomeoneElsesBatchIs404AndSendsNothing() {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "bob", 10);
        try (CommandsProbe commands = watchCommands("read_uncommitted")) {
            Api.Response answer = api.post("/api/v1/batches/" + id + "/cancel", Tokens.user("alice"), "");

            commands.assertNothingWritten();
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
        }
    }
}
