package io.batchpulse.orchestrator.record;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.DeadLetters;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

/** Worker results are recorded once, for the current attempt only, and a poison event does not stop recording. */
class ResultRecordingIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void lateResultOfOldAttemptIsIgnored() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() == 2) {
                // attempt 1's worker wakes up late and reports a failure, then attempt 2 succeeds
                w.send(failed(d, 1));
                w.sendLater(100, started(d), completed(d, "new"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(List.of(done.completed(), done.failed())).containsExactly(1L, 0L);
        assertThat(jdbc.queryForObject("SELECT result->>'value' FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).isEqualTo("new");
    }

    @Test
    void duplicateCompletedEventCountsOnce() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d), completed(d, "first"), completed(d, "second"));
            w.sendLater(200, completed(d, "late"), failed(d, d.attempt()));
        });
        commands.send(Commands.batch(batchId, 25, 25, Commands.options(5, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(List.of(done.completed(), done.failed())).containsExactly(25L, 0L);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> batchRow(batchId).equals("completed 25 0 0 25 0 0"));
        assertThat(log.of(batchId, BatchCompleted.class)).hasSize(1);
        assertThat(jdbc.queryForList("SELECT DISTINCT result->>'value' FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).containsExactly("first");
    }

    /** RELIABILITY.md, bad inputs: a result under another batch's key is dead-lettered and counts nothing. */
    @Test
    void aResultKeyedByAnotherBatchGoesToTheDeadLetterTopicCountsNothingAndRecordingGoesOn() {
        UUID batchId = UUID.randomUUID();
        String otherKey = UUID.randomUUID().toString();
        AtomicReference<byte[]> misaddressed = answerOkAfterAFirstCompletion(batchId, 1, otherKey, "misaddressed");
        commands.send(Commands.batch(batchId, 3, 3, Commands.options(3, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(List.of(done.completed(), done.failed())).containsExactly(3L, 0L);
        assertThat(jdbc.queryForList("SELECT DISTINCT result->>'value' FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).containsExactly("ok");
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), misaddressed.get(),
                Duration.ofSeconds(30))).isNotNull().satisfies(record -> assertThat(record.key()).isEqualTo(otherKey));
        // counted under its reason, not the batch listener's wrapper (BatchListenerFailedException)
        await().untilAsserted(() -> assertThat(deadLetters("MisaddressedRecordException")).as(deadLetterCounters())
                .isGreaterThanOrEqualTo(1));
    }

    /**
     * RELIABILITY.md, bad inputs: a result PostgreSQL refuses every time (a NUL character, which jsonb
     * cannot hold) goes to the DLT with its reason after a few attempts; the other results of its poll
     * and of its batch are recorded, and the batch completes with exact counts.
     */
    @Test
    void aResultTheDatabaseRefusesEveryTimeGoesToTheDeadLetterTopicWithItsReasonAndTheRestIsRecorded() {
        UUID batchId = UUID.randomUUID();
        double deadLettersBefore = deadLetters("DataIntegrityViolationException");
        // the worker's next word on the item ("ok") comes behind the refused one on the partition
        AtomicReference<byte[]> refused = answerOkAfterAFirstCompletion(batchId, 2, batchId.toString(), "nul \u0000");
        commands.send(Commands.batch(batchId, 5, 5, Commands.options(5, 3, Duration.ofMinutes(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(List.of(done.completed(), done.failed())).containsExactly(5L, 0L);
        assertThat(batchRow(batchId)).isEqualTo("completed 5 0 0 5 0 0");
        assertThat(jdbc.queryForList("SELECT result->>'value' FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).containsOnly("ok").hasSize(5);
        ConsumerRecord<String, byte[]> deadLetter = DeadLetters.awaitRecord(ENV.bootstrapServers(),
                ENV.topics().batchEvents(), refused.get(), Duration.ofSeconds(30));
        assertThat(deadLetter).isNotNull();
        assertThat(deadLetter.key()).isEqualTo(batchId.toString());
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
                .isEqualTo("org.springframework.dao.DataIntegrityViolationException");
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("refused 3 times", "\\u0000");
        await().untilAsserted(() -> assertThat(deadLetters("DataIntegrityViolationException") - deadLettersBefore)
                .as(deadLetterCounters()).isEqualTo(1));
    }

    /**
     * The worker completes every item "ok"; the first attempt of item {@code index} first sends a
     * completion of {@code value} under {@code key}, and "ok" 300 ms later. Returns that first one's bytes.
     */
    private AtomicReference<byte[]> answerOkAfterAFirstCompletion(UUID batchId, int index, String key, String value) {
        AtomicReference<byte[]> first = new AtomicReference<>();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d));
            if (d.index() == index && d.attempt() == 1) {
                byte[] bytes = new BatchEventSerde().serialize(ENV.topics().batchEvents(), completed(d, value));
                first.set(bytes);
                w.sendRaw(key, bytes);
                w.sendLater(300, completed(d, "ok"));
            } else {
                w.send(completed(d, "ok"));
            }
        });
        return first;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * RELIABILITY.md, bad inputs: records that are no event (wrong top-level type, truncated, invalid
     * UTF-8) are dead-lettered; events of a newer schema, of an unknown type, without an item id, or
     * of a batch or item that does not exist are skipped. None of them counts, and recording goes on.
     */
    @Test
    void wrongShapesAndEventsOfUnknownBatchesOrItemsCountNothingAndUnreadableOnesAreDeadLettered() {
        UUID batchId = UUID.randomUUID();
        // on the batch's partition, so that its forged result shares a poll with the item's real one
        UUID unknownBatch = onSamePartition(batchId);
        String key = batchId.toString();
        List<byte[]> unreadable = List.of("[1,2,3]".getBytes(StandardCharsets.UTF_8),
                "\"item.completed\"".getBytes(StandardCharsets.UTF_8),
                ("{\"type\":\"item.completed\",\"batchId\":\"" + batchId).getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        double deadLettersBefore = deadLetters("DeserializationException");
        Map<String, Double> skippedBefore = skipped();
        worker.behave(batchId, (d, w) -> {
            if (d.index() == 0 && d.attempt() == 1) {
                unreadable.forEach(bytes -> w.sendRaw(key, bytes));
                w.sendRaw(key, forgedCompletion(batchId, d.itemId(), "item.completed", 99));
                w.sendRaw(key, forgedCompletion(batchId, d.itemId(), "item.teleported", 1));
                w.sendRaw(key, forgedCompletion(batchId, null, "item.completed", 1));
                w.sendRaw(key, forgedCompletion(batchId, UUID.randomUUID(), "item.completed", 1));
                w.sendRaw(unknownBatch.toString(), forgedCompletion(unknownBatch, d.itemId(), "item.completed", 1));
            }
            w.send(started(d), completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 2, 2, Commands.options(2, 3, Duration.ofMinutes(1))));

        // each unreadable record costs the recorder a poll of its own: generous on a loaded machine
        BatchCompleted done = await().atMost(Duration.ofMinutes(2))
                .until(() -> log.of(batchId, BatchCompleted.class), list -> !list.isEmpty()).get(0);

        assertThat(List.of(done.completed(), done.failed())).containsExactly(2L, 0L);
        assertThat(jdbc.queryForList("SELECT DISTINCT result->>'value' FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).containsExactly("ok");
        assertThat(batchRow(unknownBatch)).isEqualTo("absent");
        // the first attempts' results counted: none was lost and left to the one-minute item timeout
        assertThat(jdbc.queryForList("SELECT attempt FROM batch_items WHERE batch_id = ?", Integer.class, batchId))
                .containsOnly(1);
        for (byte[] bytes : unreadable) {
            assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), bytes,
                    Duration.ofSeconds(30))).as(new String(bytes, StandardCharsets.UTF_8)).isNotNull();
        }
        await().untilAsserted(() -> assertThat(deadLetters("DeserializationException") - deadLettersBefore)
                .as(deadLetterCounters()).isGreaterThanOrEqualTo(unreadable.size()));
        // skipped, and counted: schema 99, item.teleported, no itemId (an unknown batch or item is no skip)
        Map<String, Double> skippedNow = skipped();
        assertThat(List.of("future-schema", "unknown-type", "missing-id")).allSatisfy(reason -> assertThat(
                skippedNow.getOrDefault(reason, 0.0) - skippedBefore.getOrDefault(reason, 0.0)).as(reason)
                .isGreaterThanOrEqualTo(1));
    }

    /** Another batch id whose records land on the same partition of batch-events as this one's. */
    private static UUID onSamePartition(UUID batchId) {
        int partitions = (Integer) ENV.properties().get("orchestrator.topics.event-partitions");
        int wanted = partition(batchId, partitions);
        UUID other = UUID.randomUUID();
        while (partition(other, partitions) != wanted) {
            other = UUID.randomUUID();
        }
        return other;
    }

    /** The producer's default partition of a keyed record. */
    private static int partition(UUID key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** batchpulse.events.skipped of the recorder, by reason. */
    private Map<String, Double> skipped() {
        return meters.find("batchpulse.events.skipped").tag("reader", "result-recorder").counters().stream()
                .collect(Collectors.toMap(counter -> counter.getId().getTag("reason"), Counter::count));
    }

    /** batchpulse.dlt.records of batch-events with this cause, 0 before the first. */
    private double deadLetters(String cause) {
        var counter = meters.find("batchpulse.dlt.records")
                .tags("topic", ENV.topics().batchEvents(), "cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    private String deadLetterCounters() {
        return meters.find("batchpulse.dlt.records").counters().stream()
                .map(counter -> counter.getId().getTags() + "=" + counter.count()).toList().toString();
    }

    /** An item result as raw JSON, with the given type and schema version, and no itemId for null. */
    private static byte[] forgedCompletion(UUID batchId, UUID itemId, String type, int schemaVersion) {
        return ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"batchId\":\"" + batchId
                + "\",\"occurredAt\":\"" + Instant.now() + "\",\"schemaVersion\":" + schemaVersion
                + (itemId == null ? "" : ",\"itemId\":\"" + itemId + "\"")
                + ",\"index\":0,\"attempt\":1,\"workerId\":\"forger\",\"result\":{\"value\":\"forged\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void poisonEventGoesToDeadLetterTopicAndRecordingGoesOn() {
        byte[] poison = "\u0000\u0001 binary".getBytes(StandardCharsets.UTF_8);
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            w.sendRaw(d.batchId().toString(), poison);
            w.send(started(d), completed(d, "ok"));
        });
        commands.send(Commands.batch(batchId, 3, 3, Commands.options(3, 3, Duration.ofMinutes(1))));

        assertThat(awaitCompleted(batchId).completed()).isEqualTo(3);
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchEvents(), poison,
                Duration.ofSeconds(20))).isNotNull();
        await().untilAsserted(() -> assertThat(deadLetters("DeserializationException")).as(deadLetterCounters())
                .isGreaterThanOrEqualTo(1));
    }
}
