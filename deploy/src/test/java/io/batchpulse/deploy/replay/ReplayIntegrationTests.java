package io.batchpulse.deploy.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.deploy.ServiceConfiguration;
import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemIds;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.Topics;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.testsupport.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The replay tool on a real broker: a set of events is produced to a batch-events topic of the
 * test's own (committed and aborted transactions, another batch, an unknown type, a newer schema
 * version, a schema-invalid event, a record that is not JSON, a tombstone, events stamped long
 * ago), then replayed as JSONL and as CSV, in process and through the deploy/replay script.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplayIntegrationTests {

    private static final String PREFIX = TestInfrastructure.uniquePrefix();
    private static final String TOPIC = new Topics(PREFIX).batchEvents();
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
    private static final UUID BATCH = UUID.randomUUID();
    private static final UUID OTHER_BATCH = UUID.randomUUID();
    private static final UUID OLD_BATCH = UUID.randomUUID();
    private static final UUID DONE_BATCH = UUID.randomUUID();
    private static final List<BatchEvent> BATCH_EVENTS = new ArrayList<>();
    private static final List<BatchEvent> DONE_EVENTS = new ArrayList<>();

    private static String bootstrap;

    @BeforeAll
    static void produceAnEventLog() throws Exception {
        bootstrap = TestInfrastructure.broker().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // kept forever: with the broker's retention, a partition holding only the event stamped
            // in 2020 would be deleted while the test runs
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get();
        }
        Instant now = Instant.now();
        BATCH_EVENTS.addAll(List.of(
                new BatchStarted(UUID.randomUUID(), BATCH, now, SchemaVersion.CURRENT, UUID.randomUUID(), 3),
                dispatched(BATCH, 0, 1, now), started(BATCH, 0, 1, now),
                new ItemRetrying(UUID.randomUUID(), BATCH, now, SchemaVersion.CURRENT, item(BATCH, 0), 0, 1, "w-1",
                        "item 0", new ItemError("TIMEOUT", "took too long", List.of()), 1000),
                dispatched(BATCH, 0, 2, now),
                new ItemCompleted(UUID.randomUUID(), BATCH, now, SchemaVersion.CURRENT, item(BATCH, 0), 0, 2, "w-2",
                        "item 0", EventJson.mapper().readTree("{\"answer\":42}"), 0.75, 120),
                dispatched(BATCH, 1, 1, now),
                new ItemFailed(UUID.randomUUID(), BATCH, now, SchemaVersion.CURRENT, item(BATCH, 1), 1, 1, "w-1",
                        "item, \"1\"", new ItemError("BAD_INPUT", "no symbol", List.of()), false, 40),
                dispatched(BATCH, 2, 1, now), started(BATCH, 2, 1, now)));
        try (KafkaProducer<String, byte[]> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "replay-test-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            BATCH_EVENTS.forEach(event -> producer.send(record(event)));
            producer.commitTransaction();
            // never committed: a reader of committed records must not see item 2 complete
            producer.beginTransaction();
            producer.send(record(new ItemCompleted(UUID.randomUUID(), BATCH, now, SchemaVersion.CURRENT,
                    item(BATCH, 2), 2, 1, "w-1", "item 2", null, null, 5)));
            producer.flush();
            producer.abortTransaction();
        }
        DONE_EVENTS.addAll(List.of(
                new BatchStarted(UUID.randomUUID(), DONE_BATCH, now, SchemaVersion.CURRENT, UUID.randomUUID(), 2),
                new ItemCompleted(UUID.randomUUID(), DONE_BATCH, now, SchemaVersion.CURRENT, item(DONE_BATCH, 0), 0, 1,
                        "w-1", "a", null, null, 900),
                new ItemFailed(UUID.randomUUID(), DONE_BATCH, now, SchemaVersion.CURRENT, item(DONE_BATCH, 1), 1, 1,
                        "w-1", "b", new ItemError("HTTP_500", "upstream", List.of()), false, 800),
                new BatchCompleted(UUID.randomUUID(), DONE_BATCH, now.plusSeconds(2), SchemaVersion.CURRENT,
                        BatchStatus.COMPLETED_WITH_ERRORS, null, 2, 1, 1, 0, 2000)));
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            DONE_EVENTS.forEach(event -> producer.send(record(event)));
            producer.send(record(dispatched(OTHER_BATCH, 0, 1, now)));
            producer.send(raw(BATCH, unknownType(now)));
            producer.send(raw(BATCH, newerVersion(now)));
            producer.send(raw(BATCH, negativeDuration(now)));
            producer.send(new ProducerRecord<>(TOPIC, BATCH.toString(), "not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(TOPIC, BATCH.toString(), null));
            BatchEvent old = dispatched(OLD_BATCH, 0, 1, LONG_AGO);
            producer.send(new ProducerRecord<>(TOPIC, null, LONG_AGO.toEpochMilli(), OLD_BATCH.toString(), json(old)));
            producer.flush();
        }
    }

    @Test
    void jsonlHasEveryValidEventOfEveryBatchAndCountsTheRest() throws IOException {
        Output output = replay("--format", "jsonl");

        List<JsonNode> events = output.lines().stream().map(line -> EventJson.mapper().readTree(line)).toList();
        assertThat(events).hasSize(BATCH_EVENTS.size() + DONE_EVENTS.size() + 2);
        assertThat(events.stream().map(event -> event.get("eventId").asString()))
                .containsAll(BATCH_EVENTS.stream().map(event -> event.eventId().toString()).toList());
        assertThat(events).anyMatch(event -> event.get("batchId").asString().equals(OTHER_BATCH.toString()))
                .anyMatch(event -> event.get("batchId").asString().equals(OLD_BATCH.toString()))
                .noneMatch(event -> event.get("type").asString().equals("item.teleported"));
        assertThat(output.report()).isEqualTo(new Replayer.ReplayReport(output.report().read(),
                BATCH_EVENTS.size() + DONE_EVENTS.size() + 2, 2, 3));
        assertThat(output.diagnostics()).contains("durationMs").contains("not a readable event");
    }

    @Test
    void aBatchFilterKeepsOnlyThatBatchInTheOrderItsEventsWereWritten() throws IOException {
        Output output = replay("--batch", BATCH.toString());

        assertThat(output.lines().stream().map(line -> EventJson.mapper().readTree(line).get("eventId").asString()))
                .containsExactlyElementsOf(BATCH_EVENTS.stream().map(event -> event.eventId().toString()).toList());
        assertThat(output.lines().get(5)).contains("\"result\":{\"answer\":42}");
    }

    @Test
    void theCsvHoldsEachItemsFinalStateOnlyFromCommittedEvents() throws IOException {
        Output output = replay("--batch", BATCH.toString(), "--format", "csv");

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(output.text())).getRecords();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).toMap()).containsEntry("index", "0").containsEntry("status", "completed")
                .containsEntry("attempt", "2").containsEntry("worker_id", "w-2").containsEntry("score", "0.75")
                .containsEntry("duration_ms", "120").containsEntry("error_code", "")
                .containsEntry("item_id", item(BATCH, 0).toString());
        assertThat(rows.get(1).toMap()).containsEntry("status", "failed").containsEntry("error_code", "BAD_INPUT")
                .containsEntry("error_message", "no symbol").containsEntry("label", "item, \"1\"");
        assertThat(rows.get(2).toMap()).containsEntry("index", "2").containsEntry("status", "in_progress");
    }

    @Test
    void theSummaryHasOneRowPerBatchWithCountsDurationAndErrorCodes() throws IOException {
        Output output = replay("--format", "summary");

        Map<String, CSVRecord> rows = new java.util.HashMap<>();
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(output.text())).forEach(row -> rows.put(row.get("batch_id"), row));
        assertThat(rows).containsOnlyKeys(BATCH.toString(), OTHER_BATCH.toString(), OLD_BATCH.toString(),
                DONE_BATCH.toString());
        assertThat(rows.get(DONE_BATCH.toString()).toMap()).containsEntry("status", "completed_with_errors")
                .containsEntry("total", "2").containsEntry("completed", "1").containsEntry("failed", "1")
                .containsEntry("duration_ms", "2000").containsEntry("items_per_second", "1.00")
                .containsEntry("error_codes", "HTTP_500:1").doesNotContainEntry("finished_at", "");
        assertThat(rows.get(BATCH.toString()).toMap()).containsEntry("status", "running").containsEntry("total", "3")
                .containsEntry("completed", "1").containsEntry("failed", "1").containsEntry("cancelled", "0")
                .containsEntry("error_codes", "BAD_INPUT:1").containsEntry("finished_at", "");
        assertThat(rows.get(OTHER_BATCH.toString()).toMap()).containsEntry("status", "").containsEntry("total", "1")
                .containsEntry("completed", "0");
    }

    @Test
    void fromATimeStartsAtTheFirstEventStampedThenOrLater() throws IOException {
        Output output = replay("--from", LONG_AGO.plusSeconds(60).toString());

        assertThat(output.lines()).hasSize(BATCH_EVENTS.size() + DONE_EVENTS.size() + 1)
                .noneMatch(line -> line.contains(OLD_BATCH.toString()));
    }

    @Test
    void theScriptWritesToAFileAndReportsTheCounts(@TempDir Path directory) throws Exception {
        Path out = directory.resolve("events.jsonl");
        Process process = new ProcessBuilder(ServiceConfiguration.HOME.resolve("deploy/replay").toString(),
                "--bootstrap", bootstrap, "--topic-prefix", PREFIX, "--batch", BATCH.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("replay.log").toFile()).start();

        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(directory.resolve("replay.log"))).isZero();
        assertThat(Files.readAllLines(out)).hasSize(BATCH_EVENTS.size());
        assertThat(Files.readString(directory.resolve("replay.log")))
                .contains(BATCH_EVENTS.size() + " events written, 2 invalid, 3 skipped");
    }

    private static Output replay(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap", bootstrap, "--topic-prefix", PREFIX));
        all.addAll(List.of(args));
        ReplayOptions options = ReplayOptions.parse(all, Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        Replayer.ReplayReport report = Replay.run(options, out,
                new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
        return new Output(out.toString(StandardCharsets.UTF_8), diagnostics.toString(StandardCharsets.UTF_8), report);
    }

    private record Output(String text, String diagnostics, Replayer.ReplayReport report) {

        List<String> lines() {
            return text.lines().toList();
        }
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(BatchEvent event) {
        return new ProducerRecord<>(TOPIC, event.batchId().toString(), json(event));
    }

    private static ProducerRecord<String, byte[]> raw(UUID batch, ObjectNode event) {
        return new ProducerRecord<>(TOPIC, batch.toString(), EventJson.mapper().writeValueAsBytes(event));
    }

    private static byte[] json(BatchEvent event) {
        try (BatchEventSerde serde = new BatchEventSerde()) {
            return serde.serialize(TOPIC, event);
        }
    }

    private static ObjectNode unknownType(Instant now) {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(json(dispatched(BATCH, 9, 1, now)));
        return event.put("type", "item.teleported");
    }

    private static ObjectNode newerVersion(Instant now) {
        ObjectNode event = (ObjectNode) EventJson.mapper().readTree(json(dispatched(BATCH, 9, 1, now)));
        return event.put("schemaVersion", SchemaVersion.CURRENT + 1);
    }

    private static ObjectNode negativeDuration(Instant now) {
        BatchCompleted completed = new BatchCompleted(UUID.randomUUID(), BATCH, now, SchemaVersion.CURRENT,
                BatchStatus.COMPLETED, null, 3, 3, 0, 0, 100);
        return ((ObjectNode) EventJson.mapper().readTree(json(completed))).put("durationMs", -5);
    }

    private static ItemDispatched dispatched(UUID batch, long index, int attempt, Instant at) {
        return new ItemDispatched(UUID.randomUUID(), batch, at, SchemaVersion.CURRENT, item(batch, index), index,
                attempt, null, "item " + index);
    }

    private static ItemStarted started(UUID batch, long index, int attempt, Instant at) {
        return new ItemStarted(UUID.randomUUID(), batch, at, SchemaVersion.CURRENT, item(batch, index), index,
                attempt, "w-1", "item " + index);
    }

    private static UUID item(UUID batch, long index) {
        return ItemIds.of(batch, index);
    }
}
