package io.batchpulse.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures by group through the gateway: the relayed report, retry-failed of one group, and of one item. */
class RetryGroupIntegrationTests extends GatewayIntegrationTest {

    private static final String GROUP = "0123456789abcdef";

    @Test
    void retryFailedWithAGroupSendsTheGroupAndAnswersWithTheTransition() throws Exception {
        Api.Response answer = answered("/retry-failed", "{\"group\": \"" + GROUP + "\"}", command -> {
            assertThat(command.group()).isEqualTo(GROUP);
            return retried(command, GROUP);
        });

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("data").path("action").asString()).isEqualTo("retry-failed");
    }

    @Test
    void retryFailedWithoutABodyRetriesEveryGroup() throws Exception {
        Api.Response answer = answered("/retry-failed", "", command -> {
            assertThat(command.group()).isNull();
            return retried(command, null);
        });

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aGroupWithoutFailedItemsIs404() throws Exception {
        Api.Response answer = answered("/retry-failed", "{\"group\": \"" + GROUP + "\"}",
                command -> rejected(command, "NOT_FOUND", "batch has no failed items in group " + GROUP));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
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
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/batches/" + UUID.randomUUID() + "/failures", Tokens.user("alice")).status())
                .isEqualTo(404);
    }

    @Test
    void retryingOneItemSendsItsIndexAndAnItemThatIsNotFailedIs409() throws Exception {
        Api.Response answer = answered("/items/4/retry", "", command -> {
            assertThat(command.itemIndex()).isEqualTo(4L);
            return rejected(command, "INVALID_TRANSITION", "item 4 is completed; only a failed item can be retried");
        });

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().path("error").path("message").asString())
                .isEqualTo("item 4 is completed; only a failed item can be retried");
        assertThat(api.post("/api/v1/batches/" + UUID.randomUUID() + "/items/-1/retry", Tokens.user("alice"), "")
                .status()).isEqualTo(400);
    }

    /**
     * Posts to a control path of a new batch of alice's, answers the RetryFailed it sends as the
     * orchestrator would (the function may check the command first), and returns the API's answer.
     */
    private Api.Response answered(String path, String body, Function<RetryFailed, BatchEvent> orchestratorAnswer)
            throws Exception {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + id + path,
                    Tokens.user("alice"), body);
            BatchCommand command = commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            assertThat(command).isInstanceOf(RetryFailed.class);
            publish(orchestratorAnswer.apply((RetryFailed) command));
            return response.get(20, TimeUnit.SECONDS);
        }
    }

    private static BatchRetried retried(RetryFailed command, String group) {
        return new BatchRetried(UUID.randomUUID(), command.batchId(), Instant.now(), SchemaVersion.CURRENT,
                command.commandId(), "alice", 3, group);
    }

    private static CommandRejected rejected(RetryFailed command, String code, String message) {
        return new CommandRejected(UUID.randomUUID(), command.batchId(), Instant.now(), SchemaVersion.CURRENT,
                command.commandId(), "retry-failed", code, message, "completed_with_errors", List.of());
    }
}
