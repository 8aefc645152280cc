package io.batchpulse.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.model.Requester;
import io.batchpulse.gateway.GatewayInstance;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.CommandsProbe;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Requests;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.TracedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class BatchCreationIntegrationTests extends GatewayIntegrationTest {

    @Autowired
    GatewayInstance instance;

    @Test
    void createWritesCreateAppendSealInOneTransaction() throws Exception {
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches", Tokens.user("alice"),
                    Requests.json(Requests.simulated(2_500)));

            List<ConsumerRecord<String, BatchCommand>> records =
                    commands.awaitCommands(seen -> seen.stream().anyMatch(r -> r.value() instanceof SealBatch));
            List<BatchCommand> written = records.stream().map(ConsumerRecord::value).toList();
            assertThat(written).extracting(BatchCommand::type)
                    .containsExactly("create", "append-items", "append-items", "append-items", "seal");
            UUID batchId = written.get(0).batchId();
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(batchId.toString());
                assertThat(r.partition()).isEqualTo(records.get(0).partition());
                assertThat(r.value().requestedBy()).isEqualTo(new Requester("alice", false));
            });
            assertThat(written.subList(1, 4)).map(AppendItems.class::cast)
                    .extracting(AppendItems::firstIndex, a -> a.items().size())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 1000),
                            org.assertj.core.groups.Tuple.tuple(1000L, 1000),
                            org.assertj.core.groups.Tuple.tuple(2000L, 500));
            CreateBatch create = (CreateBatch) written.get(0);
            SealBatch seal = (SealBatch) written.get(4);
            assertThat(create.options().maxInFlight()).isEqualTo(8);
            assertThat(create.options().maxAttempts()).isEqualTo(3);
            assertThat(seal.total()).isEqualTo(2_500);
            assertThat(committedGatewayTransactions()).isNotEmpty();

            orchestrator.put(batchId, "alice", 2_500);
            publish(created(create), started(seal));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/batches/" + batchId);
            JsonNode data = answer.json().path("data");
            assertThat(answer.json().get("error").isNull()).isTrue();
            assertThat(data.path("id").asString()).isEqualTo(batchId.toString());
            assertThat(data.path("status").asString()).isEqualTo("running");
            assertThat(data.path("totalItems").asLong()).isEqualTo(2_500);
            assertThat(data.path("items").path("content").isArray()).isTrue();
            assertThat(data.has("snapshot")).isTrue();
        }
    }

    @Test
    void createAnswers503WhenNoOutcomeArrivesInTime() {
        try (CommandsProbe commands = watchCommands("read_committed")) {
            Api.Response answer = api.post("/api/v1/batches", Tokens.user("alice"), Requests.json(Requests.simulated(3)));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.errorCode()).isEqualTo("UNAVAILABLE");
            UUID batchId = commands.awaitCommands(seen -> seen.size() == 3).get(0).value().batchId();
            assertThat(answer.json().path("error").path("details").toString()).contains("batchId: " + batchId);
        }
    }

    @Test
    void rejectedCreateMapsToErrorEnvelope() throws Exception {
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches", Tokens.user("alice"),
                    Requests.json(Requests.simulated(2)));
            CreateBatch create = (CreateBatch) commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();

            publish(new CommandRejected(UUID.randomUUID(), create.batchId(), Instant.now(), SchemaVersion.CURRENT,
                    create.commandId(), "create", "VALIDATION_FAILED", "No worker offers processor 'simulated'", null,
                    List.of("processor: not installed")));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("data").isNull()).isTrue();
            assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().path("error").path("message").asString())
                    .isEqualTo("No worker offers processor 'simulated'");
            assertThat(answer.json().path("error").path("details").get(0).asString()).isEqualTo("processor: not installed");
        }
    }

    @Test
    void aConfigOverItsLimitIs400AndWritesNothing() {
        ObjectNode body = Requests.simulated(3);
        ((ObjectNode) body.get("config")).put("note", "x".repeat(70_000));
        try (CommandsProbe commands = watchCommands("read_committed")) {
            Api.Response answer = api.post("/api/v1/batches", Tokens.user("alice"), Requests.json(body));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().path("error").path("details").toString())
                    .contains("config: must be at most 65536 bytes as JSON");
            commands.assertNothingWritten();
        }
    }

    @Test
    void rerunWritesTheRerunCommandAndAnswers201WithTheNewBatch() throws Exception {
        UUID source = UUID.randomUUID();
        orchestrator.put(source, "alice", 40);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches/" + source + "/rerun",
                    Tokens.user("alice"), "");
            RerunBatch rerun = (RerunBatch) commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            assertThat(rerun.sourceBatchId()).isEqualTo(source);
            assertThat(rerun.batchId()).isNotEqualTo(source);
            assertThat(rerun.requestedBy()).isEqualTo(new Requester("alice", false));

            orchestrator.put(rerun.batchId(), "alice", 0);
            publish(new BatchCreated(UUID.randomUUID(), rerun.batchId(), Instant.now(), SchemaVersion.CURRENT,
                    rerun.commandId(), "again", "alice", "simulated", null, null, null));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/batches/" + rerun.batchId());
            assertThat(answer.json().path("data").path("id").asString()).isEqualTo(rerun.batchId().toString());
        }
    }

    @Test
    void rerunOfSomeoneElsesOrAnUnknownBatchIsRefusedAndWritesNothing() {
        UUID source = UUID.randomUUID();
        orchestrator.put(source, "alice", 40);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            Api.Response foreign = api.post("/api/v1/batches/" + source + "/rerun", Tokens.user("mallory"), "");
            Api.Response unknown = api.post("/api/v1/batches/" + UUID.randomUUID() + "/rerun", Tokens.user("alice"), "");

            assertThat(foreign.status()).isEqualTo(404);
            assertThat(unknown.status()).isEqualTo(404);
            commands.assertNothingWritten();
        }
    }

    @Test
    void commandsOfACreateCarryTheTraceOfTheRequest() throws Exception {
        String traceId = TracedRecords.newTraceId();
        String traceparent = TracedRecords.traceparent(traceId);
        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync("/api/v1/batches", Tokens.user("alice"),
                    Requests.json(Requests.simulated(1_500)), "traceparent", traceparent);

            List<ConsumerRecord<String, BatchCommand>> records =
                    commands.awaitCommands(seen -> seen.stream().anyMatch(r -> r.value() instanceof SealBatch));
            assertThat(records).extracting(r -> r.value().type()).containsExactly("create", "append-items",
                    "append-items", "seal");
            assertThat(records).extracting(r -> new String(r.headers().lastHeader(Headers.TRACEPARENT).value(),
                    StandardCharsets.UTF_8)).allSatisfy(sent -> assertThat(TracedRecords.traceIdOf(sent)).isEqualTo(traceId))
                    // the gateway's own span of the trace, not the caller's span copied along
                    .doesNotContain(traceparent);

            CreateBatch create = (CreateBatch) records.get(0).value();
            orchestrator.put(create.batchId(), "alice", 1_500);
            publish(created(create), started((SealBatch) records.get(3).value()));
            assertThat(response.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
    }

    private static BatchCreated created(CreateBatch create) {
        return new BatchCreated(UUID.randomUUID(), create.batchId(), Instant.now(), SchemaVersion.CURRENT,
                create.commandId(), create.name(), create.requestedBy().subject(), create.processor(), create.config(),
                create.options(), create.source());
    }

    private static BatchStarted started(SealBatch seal) {
        return new BatchStarted(UUID.randomUUID(), seal.batchId(), Instant.now(), SchemaVersion.CURRENT,
                seal.commandId(), seal.total());
    }

    /** The broker's own record that the gateway's producer committed transactions. */
    private List<TransactionListing> committedGatewayTransactions() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> admin.listTransactions().all().get().stream()
                            .filter(t -> t.transactionalId().startsWith("batchpulse-gateway-" + instance.id()))
                            .filter(t -> t.state() == TransactionState.COMPLETE_COMMIT)
                            .toList(),
                    list -> !list.isEmpty());
        }
    }
}
