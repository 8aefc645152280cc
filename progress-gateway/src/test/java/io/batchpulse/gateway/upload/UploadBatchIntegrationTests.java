package io.batchpulse.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.model.Requester;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.CommandsProbe;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.gateway.support.UploadClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Making a batch of an upload on the real broker: the tests play the orchestrator (answer the
 * create with batch.created and the seal with batch.started) and read what reaches batch-commands.
 */
class UploadBatchIntegrationTests extends GatewayIntegrationTest {

    @Autowired
    UploadStore store;

    @Autowired
    ConfigurableApplicationContext context;

    private static final String SPEC = "{\"name\":\"From a file\",\"processor\":\"simulated\","
            + "\"config\":{\"latencyMs\":5},\"options\":{\"maxInFlight\":4}}";
    private static final String SKIP_INVALID = "{\"processor\":\"simulated\",\"skipInvalid\":true}";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anUploadInChunksBecomesABatchWhoseItemsArriveInOrderWithTheFileSourceAndTheSealTotal() throws Exception {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(2_500, 1_000);
        String id = alice.declare("items.jsonl", file, "jsonl");
        alice.send(id, file, 1_500_000);
        Instant declaredAt = Instant.parse(alice.get(id).json().path("data").path("createdAt").asString());

        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync(UploadClient.path(id) + "/batch",
                    Tokens.user("alice"), SPEC);
            CreateBatch create = (CreateBatch) commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            FileSource source = create.source();
            assertThat(source.uploadId().toString()).isEqualTo(id);
            assertThat(source).extracting(FileSource::fileName, FileSource::format, FileSource::sizeBytes,
                    FileSource::chunks, FileSource::items, FileSource::invalidLines)
                    .containsExactly("items.jsonl", "jsonl", (long) file.length, 2, 2_500L, 0L);
            assertThat(source.uploadStartedAt()).isEqualTo(declaredAt);
            assertThat(source.uploadFinishedAt()).isAfterOrEqualTo(declaredAt);
            assertThat(create.name()).isEqualTo("From a file");
            assertThat(create.options().maxInFlight()).isEqualTo(4);
            orchestrator.put(createdView(create));
            publish(created(create));

            Api.Response answer = response.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.text()).isEqualTo(201);
            assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/batches/" + create.batchId());
            JsonNode batch = answer.json().path("data");
            assertThat(batch.path("status").asString()).isEqualTo("created");
            assertThat(batch.path("stage").asString()).isEqualTo("parsing");
            assertThat(batch.path("source").path("items").asLong()).isEqualTo(2_500);

            List<ConsumerRecord<String, BatchCommand>> records = commands.awaitCommands(
                    seen -> seen.stream().anyMatch(r -> r.value() instanceof SealBatch));
            List<BatchCommand> written = records.stream().map(ConsumerRecord::value).toList();
            List<AppendItems> appends = written.stream().filter(AppendItems.class::isInstance)
                    .map(AppendItems.class::cast).toList();
            assertThat(appends).hasSizeGreaterThan(2);
            assertThat(transactionSizes(records.subList(1, records.size() - 1))).allMatch(size -> size <= 2)
                    .hasSize((appends.size() + 1) / 2);
            assertThat(appends).allSatisfy(append -> assertThat(append.batchId()).isEqualTo(create.batchId()));
            assertItemsInOrder(appends, 2_500);
            SealBatch seal = (SealBatch) written.get(written.size() - 1);
            assertThat(seal.total()).isEqualTo(2_500);
            assertThat(seal.requestedBy().subject()).isEqualTo("alice");
            publish(started(seal));

            Awaitility.await().atMost(WAIT).until(() -> !Files.exists(UPLOADS.resolve(id).resolve("data")));
            JsonNode upload = alice.get(id).json().path("data");
            assertThat(upload.path("state").asString()).isEqualTo("batched");
            assertThat(upload.path("batchId").asString()).isEqualTo(create.batchId().toString());
            Api.Response again = alice.createBatch(id, SPEC);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("data").path("id").asString()).isEqualTo(create.batchId().toString());
        }
    }

    @Test
    void threeBadLinesRefuseTheFileWithTheirNumbersAndWriteNothing() {
        UploadClient alice = client("alice");
        byte[] file = withBadLines(UploadClient.jsonl(1_000, 10), 17, 250, 999);
        String id = alice.declare("items.jsonl", file, "jsonl");
        alice.send(id, file, file.length);

        Api.Response answer = expectNothingWritten(() -> alice.createBatch(id, SPEC));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().path("error").path("message").asString())
                .isEqualTo("3 of 1,000 lines are not valid items; nothing was created");
        assertThat(UploadIntegrationTests.details(answer)).containsExactly(
                "line 17: payload: must not be null",
                "line 250: must be a JSON object with a payload and an optional label",
                "line 999: label: size must be between 0 and 500");
        assertThat(alice.get(id).json().path("data").path("state").asString()).isEqualTo("complete");
    }

    @Test
    void withSkipInvalidTheCreateCarriesTheBadLinesReportAndOnlyGoodItemsAreAppended() throws Exception {
        UploadClient bob = client("bob");
        StringBuilder csv = new StringBuilder("\uFEFFlabel,symbol,note\r\n");
        for (int i = 0; i < 40; i++) {
            csv.append(switch (i) {
                case 5 -> "bad,row\r\n";
                case 12 -> "\"" + "x".repeat(600) + "\",X,y\r\n";
                case 30 -> "trailing,\"quote\"x,z\r\n";
                default -> "item " + i + ",SYM" + i + ",\"a, b\r\nsecond line\"\r\n";
            });
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        String id = bob.declare("sheets.csv", file, "csv");
        bob.send(id, file, 1_000);

        try (CommandsProbe commands = watchCommands("read_committed")) {
            CompletableFuture<Api.Response> response = api.postAsync(UploadClient.path(id) + "/batch",
                    Tokens.user("bob"), SKIP_INVALID);
            CreateBatch create = (CreateBatch) commands.awaitCommands(seen -> !seen.isEmpty()).get(0).value();
            // the header is line 1; good rows span two lines, bad ones one: row 5 starts at line 2 + 5 * 2,
            // row 12 at 2 + 11 * 2 + 1, row 30 at 2 + 28 * 2 + 2
            assertThat(create.source().invalidLines()).isEqualTo(3);
            assertThat(create.source().invalidLineSample()).extracting(FileSource.LineError::line)
                    .containsExactly(12L, 25L, 60L);
            assertThat(create.source().invalidLineSample()).extracting(FileSource.LineError::reason).containsExactly(
                    "has 2 fields; the header row has 3", "label: size must be between 0 and 500",
                    "not valid CSV: Invalid character between encapsulated token and delimiter (line 60, character 17)");
            assertThat(create.source().items()).isEqualTo(37);
            assertThat(create.source().format()).isEqualTo("csv");
            orchestrator.put(createdView(create));
            publish(created(create));
            assertThat(response.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);

            List<BatchCommand> written = commands.awaitCommands(
                    seen -> seen.stream().anyMatch(r -> r.value() instanceof SealBatch)).stream()
                    .map(ConsumerRecord::value).toList();
            List<NewItem> items = written.stream().filter(AppendItems.class::isInstance)
                    .flatMap(c -> ((AppendItems) c).items().stream()).toList();
            assertThat(items).hasSize(37);
            assertThat(items.get(0).label()).isEqualTo("item 0");
            assertThat(items.get(0).payload().toString())
                    .isEqualTo("{\"symbol\":\"SYM0\",\"note\":\"a, b\\r\\nsecond line\"}");
            assertThat(items).extracting(NewItem::label).doesNotContain("item 5", "item 12", "item 30");
            SealBatch seal = (SealBatch) written.get(written.size() - 1);
            assertThat(seal.total()).isEqualTo(37);
            publish(started(seal));
            Awaitility.await().atMost(WAIT).until(
                    () -> "batched".equals(bob.get(id).json().path("data").path("state").asString()));
        }
    }

    @Test
    void anIncompleteUploadOrAFileOverTheItemLimitOrAWrongChecksumMakesNoBatch() {
        UploadClient alice = client("alice");
        byte[] many = UploadClient.jsonl(MAX_FILE_ITEMS + 1, 1);
        String tooMany = alice.declare("many.jsonl", many, "jsonl");
        alice.send(tooMany, many, many.length);
        String incomplete = alice.declare("half.jsonl", many, "jsonl");
        alice.send(incomplete, Arrays.copyOf(many, 1_000), 1_000);
        byte[] small = UploadClient.jsonl(5, 1);
        String wrongSum = alice.declare("small.jsonl", small.length, "jsonl", "0".repeat(64)).json().path("data")
                .path("id").asString();
        alice.send(wrongSum, small, small.length);

        Api.Response overLimit = expectNothingWritten(() -> alice.createBatch(tooMany, SPEC));
        Api.Response notComplete = expectNothingWritten(() -> alice.createBatch(incomplete, SPEC));
        Api.Response badSum = expectNothingWritten(() -> alice.createBatch(wrongSum, SPEC));
        Api.Response badSpec = expectNothingWritten(() -> alice.createBatch(wrongSum,
                "{\"processor\":\"nope\",\"options\":{\"maxInFlight\":0}}"));

        assertThat(overLimit.status()).isEqualTo(413);
        assertThat(overLimit.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(notComplete.status()).isEqualTo(409);
        assertThat(notComplete.errorCode()).isEqualTo("UPLOAD_INCOMPLETE");
        assertThat(badSum.status()).isEqualTo(400);
        assertThat(UploadIntegrationTests.details(badSum)).singleElement().asString()
                .startsWith("sha256: the file's SHA-256 is " + UploadClient.sha256(small));
        assertThat(UploadIntegrationTests.details(badSpec)).containsExactly(
                "options.maxInFlight: must be greater than or equal to 1",
                "processor: unknown processor 'nope' (known: simulated, http)");
    }

    @Test
    void anUploadLeftInFeedingIsFedAgainFromTheStartWhenTheGatewayStarts() {
        UploadClient alice = client("alice");
        byte[] file = UploadClient.jsonl(1_200, 10);
        String id = alice.declare("items.jsonl", file, "jsonl");
        alice.send(id, file, file.length);
        UUID batchId = UUID.randomUUID();
        Upload upload = store.find(UUID.fromString(id)).orElseThrow();
        // as a gateway that died while feeding leaves it: the create was confirmed, the items not all sent
        store.save(upload.feeding(batchId, new Requester("alice", false), 1_200, Instant.now()));
        BatchView view = orchestrator.put(batchId, "alice", 0);
        orchestrator.put(new BatchView(batchId, view.name(), "alice", BatchStatus.CREATED, null, view.processor(),
                view.config(), view.options(), 0, 0, 0, 0, 0, 0, view.createdAt(), null, null, "parsing", null));

        try (CommandsProbe commands = watchCommands("read_committed")) {
            context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context,
                    Duration.ZERO));

            List<BatchCommand> written = commands.awaitCommands(
                    seen -> seen.stream().anyMatch(r -> r.value() instanceof SealBatch)).stream()
                    .map(ConsumerRecord::value).toList();
            assertItemsInOrder(written.stream().filter(AppendItems.class::isInstance).map(AppendItems.class::cast)
                    .toList(), 1_200);
            SealBatch seal = (SealBatch) written.get(written.size() - 1);
            assertThat(seal.batchId()).isEqualTo(batchId);
            assertThat(seal.total()).isEqualTo(1_200);
            publish(started(seal));
        }
        Awaitility.await().atMost(WAIT).until(
                () -> "batched".equals(alice.get(id).json().path("data").path("state").asString()));
    }

    /**
     * How many records each transaction wrote: a commit leaves a marker that takes an offset, so
     * the records of one transaction (on one partition) have consecutive offsets and the next
     * transaction's start after a gap.
     */
    private static List<Integer> transactionSizes(List<ConsumerRecord<String, BatchCommand>> records) {
        List<Integer> sizes = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (ConsumerRecord<String, BatchCommand> record : records) {
            if (record.offset() == previous + 1) {
                sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
            } else {
                sizes.add(1);
            }
            previous = record.offset();
        }
        return sizes;
    }

    private static void assertItemsInOrder(List<AppendItems> appends, int total) {
        long next = 0;
        for (AppendItems append : appends) {
            assertThat(append.firstIndex()).isEqualTo(next);
            for (NewItem item : append.items()) {
                assertThat(item.payload().path("n").asLong()).isEqualTo(next);
                assertThat(item.label()).isEqualTo("item " + next);
                next++;
            }
        }
        assertThat(next).isEqualTo(total);
    }

    /** Replaces lines (numbered from 1) with a missing payload, a non-object and an overlong label. */
    private static byte[] withBadLines(byte[] file, int first, int second, int third) {
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\n", -1);
        lines[first - 1] = "{\"label\":\"no payload\"}";
        lines[second - 1] = "[\"not\",\"an\",\"object\"]";
        lines[third - 1] = "{\"label\":\"" + "x".repeat(501) + "\",\"payload\":{}}";
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private UploadClient client(String user) {
        return new UploadClient(api, port, Tokens.user(user));
    }

    private Api.Response expectNothingWritten(Supplier<Api.Response> request) {
        try (CommandsProbe commands = watchCommands("read_uncommitted")) {
            Api.Response answer = request.get();
            commands.assertNothingWritten();
            return answer;
        }
    }

    private static BatchView createdView(CreateBatch create) {
        return new BatchView(create.batchId(), create.name(), create.requestedBy().subject(), BatchStatus.CREATED,
                null, create.processor(), create.config(), create.options(), 0, 0, 0, 0, 0, 0, Instant.now(), null,
                null, "parsing", create.source());
    }

    private static BatchCreated created(CreateBatch create) {
        return new BatchCreated(UUID.randomUUID(), create.batchId(), Instant.now(), SchemaVersion.CURRENT,
                create.commandId(), create.name(), create.requestedBy().subject(), create.processor(),
                create.config(), create.options(), create.source());
    }

    private static BatchStarted started(SealBatch seal) {
        return new BatchStarted(UUID.randomUUID(), seal.batchId(), Instant.now(), SchemaVersion.CURRENT,
                seal.commandId(), seal.total());
    }
}
