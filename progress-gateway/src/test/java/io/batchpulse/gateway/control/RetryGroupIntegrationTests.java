package io.batchpulse.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.query.FailuresView;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures by group through the gateway: the relayed report, retry-failed of one group, and of one item. */
class RetryGroupIntegrationTests extends GatewayIntegrationTest {

    private static final String GROUP = "0123456789abcdef";

    @Test
    void retryFailedWithAGroupSendsTheGroupAndAnswersWithTheTransition() throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + "/retry-failed",
                    Tokens.user("alice"), "{\"group\": \"" + GROUP + "\"}");
            BatchCommand command = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            assertThat(command).isInstanceOfSatisfying(RetryFailed.class,
                    retry -> assertThat(retry.group()).isEqualTo(GROUP));
            publish(new BatchRetried(UUID.randomUUID(), id, Instant.now(), SchemaVersion.CURRENT,
                    command.commandId(), "alice", 3, GROUP));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("data").path("action").asString()).isEqualTo("retry-failed");
        }
    }

    @Test
    void retryFailedWithoutABodyRetriesEveryGroup() throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + "/retry-failed",
                    Tokens.user("alice"), "");
            BatchCommand command = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            assertThat(((RetryFailed) command).group()).isNull();
            publish(new BatchRetried(UUID.randomUUID(), id, Instant.now(), SchemaVersion.CURRENT,
                    command.commandId(), "alice", 3));

            assertThat(response.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void aGroupWithoutFailedItemsIs404() throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + "/retry-failed",
                    Tokens.user("alice"), "{\"group\": \"" + GROUP + "\"}");
            BatchCommand command = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            publish(new CommandRejected(UUID.randomUUID(), id, Instant.now(), SchemaVersion.CURRENT,
                    command.commandId(), "retry-failed", "NOT_FOUND", "batch has no failed items in group " + GROUP,
                    "completed_with_errors", List.of("group: " + GROUP)));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"group\": \"TIMEOUT\"}", "{\"group\": 12}", "{\"grop\": \"0123456789abcdef\"}",
        "[\"0123456789abcdef\"]", "{\"group\": "})
    void aBadBodyIs400AndSendsNothing(String body) {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_uncommitted")) {
            Api.Response answer = api.post("/api/v1/batches/" + id + "/retry-failed", Tokens.user("alice"), body);

            commands.assertNothingWritten();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void theFailuresReportIsRelayedToTheOwnerOnly() {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        orchestrator.putFailures(new FailuresView(id, 3, List.of(new FailuresView.Group(GROUP, "TIMEOUT",
                "upstream took longer than …ms", 3, new FailuresView.Example(4, "NVDA", "upstream took longer than 5000ms"),
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:01:00Z")))));

        Api.Response mine = api.get("/api/v1/batches/" + id + "/failures", Tokens.user("alice"));
        Api.Response theirs = api.get("/api/v1/batches/" + id + "/failures", Tokens.user("bob"));

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().at("/data/failed").asLong()).isEqualTo(3);
        assertThat(mine.json().at("/data/groups/0/key").asString()).isEqualTo(GROUP);
        assertThat(mine.json().at("/data/groups/0/example/label").asString()).isEqualTo("NVDA");
        assertThat(mine.json().at("/data/groups/0/firstFailedAt").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(theirs.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/batches/" + UUID.randomUUID() + "/failures", Tokens.user("alice")).status())
                .isEqualTo(404);
    }

    @Test
    void retryingOneItemSendsItsIndexAndAnItemThatIsNotFailedIs409() throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + "/items/4/retry",
                    Tokens.user("alice"), "");
            BatchCommand command = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            assertThat(command).isInstanceOfSatisfying(RetryFailed.class,
                    retry -> assertThat(retry.itemIndex()).isEqualTo(4L));
            publish(new CommandRejected(UUID.randomUUID(), id, Instant.now(), SchemaVersion.CURRENT,
                    command.commandId(), "retry-failed", "INVALID_TRANSITION",
                    "item 4 is completed; only a failed item can be retried", "completed_with_errors",
                    List.of("itemStatus: completed")));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().path("error").path("message").asString())
                    .isEqualTo("item 4 is completed; only a failed item can be retried");
        }
        assertThat(api.post("/api/v1/batches/" + id + "/items/-1/retry", Tokens.user("alice"), "").status())
                .isEqualTo(400);
    }
}
