package io.batchpulse.orchestrator.command;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.model.Requester;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.DeadLetters;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.StatementCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

/** Commands are applied once, refused with their reason, and never lost to a poison record; a large append is a few bulk statements. */
class CommandIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void duplicateCommandHasOneEffect() {
        UUID batchId = UUID.randomUUID();
        List<BatchCommand> batch = Commands.batch(batchId, 30, 30, Commands.options(8, 3, Duration.ofMinutes(1)));
        BatchCommand create = batch.get(0);
        BatchCommand append = batch.get(1);
        BatchCommand seal = batch.get(2);
        commands.send(create, create, append, append, seal, seal);
        awaitCompleted(batchId);
        commands.send(seal);
        BatchCommand marker = Commands.pause(batchId, Commands.ALICE);
        commands.send(marker);
        awaitRejected(batchId, marker.commandId());

        assertThat(log.of(batchId, BatchCreated.class)).hasSize(1);
        assertThat(log.of(batchId, BatchStarted.class)).hasSize(1);
        assertThat(log.of(batchId, BatchCompleted.class)).singleElement()
                .satisfies(done -> assertThat(done.completed()).isEqualTo(30));
        assertThat(log.of(batchId, CommandRejected.class)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ?", Long.class, batchId))
                .isEqualTo(30);
    }

    @Test
    void createWithInvalidOptionsIsRejectedAndStoresNothing() {
        UUID batchId = UUID.randomUUID();
        BatchCommand create = Commands.create(batchId, Commands.options(0, 3, Duration.ofMinutes(1)));
        commands.send(create);

        CommandRejected rejected = awaitRejected(batchId, create.commandId());

        assertThat(rejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejected.commandType()).isEqualTo("create");
        assertThat(rejected.details()).containsExactly("options.maxInFlight: must be greater than or equal to 1");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_jobs WHERE id = ?", Long.class, batchId)).isZero();
    }

    @Test
    void poisonCommandGoesToDeadLetterTopicAndNextCommandIsProcessed() {
        byte[] poison = "{not json at all".getBytes(StandardCharsets.UTF_8);
        commands.sendRaw(UUID.randomUUID().toString(), poison);
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.create(batchId, null));

        await().until(() -> !log.of(batchId, BatchCreated.class).isEmpty());
        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchCommands(), poison,
                Duration.ofSeconds(20))).isNotNull();
    }

    /** RELIABILITY.md, bad inputs: a command under another batch's key, or none at all, goes to the DLT at once. */
    @Test
    void aCommandKeyedByAnotherBatchOrATombstoneGoesToTheDeadLetterTopicAndChangesNothing() {
        UUID batchId = UUID.randomUUID();
        byte[] misaddressed = new BatchCommandSerde().serialize(ENV.topics().batchCommands(),
                Commands.create(batchId, null));
        String tombstoneKey = UUID.randomUUID().toString();
        commands.sendRaw(UUID.randomUUID().toString(), misaddressed);
        commands.sendRaw(tombstoneKey, null);

        assertThat(DeadLetters.awaitRecord(ENV.bootstrapServers(), ENV.topics().batchCommands(), misaddressed,
                Duration.ofSeconds(30))).isNotNull();
        assertThat(DeadLetters.awaitKey(ENV.bootstrapServers(), ENV.topics().batchCommands(), tombstoneKey,
                Duration.ofSeconds(30))).isNotNull().satisfies(record -> assertThat(record.value()).isNull());
        assertThat(batchRow(batchId)).isEqualTo("absent");
        assertThat(log.of(batchId, BatchCreated.class)).isEmpty();
        await().untilAsserted(() -> assertThat(List.of("MisaddressedRecordException", "UnreadableCommandException"))
                .allSatisfy(cause -> assertThat(meters.find("batchpulse.dlt.records")
                        .tags("topic", ENV.topics().batchCommands(), "cause", cause).counter())
                        .isNotNull().satisfies(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(1))));
        // the partitions go on: a command after them is applied
        UUID next = UUID.randomUUID();
        commands.send(Commands.create(next, null));
        await().until(() -> !log.of(next, BatchCreated.class).isEmpty());
    }

    /**
     * RELIABILITY.md, bad inputs, a record that crashes its handler every time: an append whose item
     * PostgreSQL refuses (a NUL character, which jsonb cannot hold) is retried 3 times, then goes to the
     * DLT with its reason; nothing of it is applied, and the next command on its partition is.
     */
    @Test
    void aCommandTheDatabaseRefusesEveryTimeGoesToTheDeadLetterTopicAfterItsRetriesAndTheNextIsApplied() {
        UUID batchId = UUID.randomUUID();
        List<NewItem> items = new ArrayList<>(Commands.items(0, 3));
        items.set(1, new NewItem("nul", EventJson.mapper().createObjectNode().put("text", "nul \u0000")));
        BatchCommand refused = Commands.append(batchId, 0, items);
        BatchCommand next = Commands.append(batchId, 0, Commands.items(0, 3));
        double deadLettersBefore = commandDeadLetters("DataIntegrityViolationException");
        commands.send(Commands.create(batchId, null), refused, next);

        await().until(() -> counter(batchId, "total") == 3);
        ConsumerRecord<String, byte[]> deadLetter = DeadLetters.awaitRecord(ENV.bootstrapServers(),
                ENV.topics().batchCommands(), new BatchCommandSerde().serialize(ENV.topics().batchCommands(), refused),
                Duration.ofSeconds(30));
        assertThat(deadLetter).isNotNull();
        assertThat(new String(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN).value(),
                StandardCharsets.UTF_8)).isEqualTo("org.springframework.dao.DataIntegrityViolationException");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_commands WHERE command_id = ?", Long.class,
                refused.commandId())).isZero();
        assertThat(jdbc.queryForList("SELECT label FROM batch_items WHERE batch_id = ? ORDER BY idx", String.class,
                batchId)).containsExactly("item-0", "item-1", "item-2");
        await().untilAsserted(() -> assertThat(commandDeadLetters("DataIntegrityViolationException")
                - deadLettersBefore).isEqualTo(1));
    }

    /** RELIABILITY.md, bad inputs: a command without commandId can be neither deduplicated nor answered. */
    @Test
    void aCommandWithoutCommandIdIsDroppedAndCounted() {
        UUID batchId = UUID.randomUUID();
        double skippedBefore = skippedWithoutId();
        String json = new String(new BatchCommandSerde().serialize(ENV.topics().batchCommands(),
                Commands.create(batchId, null)), StandardCharsets.UTF_8);
        String withoutId = json.replaceFirst("\"commandId\":\"[0-9a-f-]{36}\",", "");
        assertThat(withoutId).isNotEqualTo(json);
        commands.sendRaw(batchId.toString(), withoutId.getBytes(StandardCharsets.UTF_8));

        await().untilAsserted(() -> assertThat(skippedWithoutId() - skippedBefore).isEqualTo(1));
        assertThat(batchRow(batchId)).isEqualTo("absent");
        assertThat(log.of(batchId, BatchCreated.class)).isEmpty();
    }

    /** RELIABILITY.md, bad inputs: a command of a newer schema might mean more than this orchestrator knows. */
    @Test
    void aCommandOfAFutureSchemaVersionIsRejectedAndChangesNothing() {
        UUID batchId = UUID.randomUUID();
        BatchCommand create = Commands.create(batchId, null);
        String json = new String(new BatchCommandSerde().serialize(ENV.topics().batchCommands(), create),
                StandardCharsets.UTF_8);
        String future = json.replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        assertThat(future).isNotEqualTo(json);
        commands.sendRaw(batchId.toString(), future.getBytes(StandardCharsets.UTF_8));

        CommandRejected rejected = awaitRejected(batchId, create.commandId());

        assertThat(rejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejected.commandType()).isEqualTo("create");
        assertThat(rejected.message()).contains("schema version 99");
        assertThat(batchRow(batchId)).isEqualTo("absent");
        assertThat(log.of(batchId, BatchCreated.class)).isEmpty();
    }

    private double commandDeadLetters(String cause) {
        var counter = meters.find("batchpulse.dlt.records")
                .tags("topic", ENV.topics().batchCommands(), "cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    private double skippedWithoutId() {
        var counter = meters.find("batchpulse.events.skipped")
                .tags("reader", "command-listener", "reason", "missing-id").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void hundredThousandItemAppendTakesAFewBulkStatements() {
        UUID batchId = UUID.randomUUID();
        commandService.handle(Commands.create(batchId, null));
        BatchCommand append = Commands.append(batchId, 0, Commands.items(0, 100_000));

        int statements = StatementCounter.count(() -> {
            commandService.handle(append);
            return null;
        });

        assertThat(statements).isLessThanOrEqualTo(6);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ?", Long.class, batchId))
                .isEqualTo(100_000);
        assertThat(jdbc.queryForObject("SELECT total || ' ' || pending FROM batch_jobs WHERE id = ?", String.class,
                batchId)).isEqualTo("100000 100000");
        assertThat(jdbc.queryForObject("SELECT payload->>'text' FROM batch_items WHERE batch_id = ? AND idx = 99999",
                String.class, batchId)).isEqualTo("quote \" and \\ slash");

        // The same chunk again under a new command id (a re-sent upload) inserts nothing.
        commandService.handle(Commands.append(batchId, 0, Commands.items(0, 1_000)));
        assertThat(jdbc.queryForObject("SELECT total FROM batch_jobs WHERE id = ?", Long.class, batchId))
                .isEqualTo(100_000);
    }

    @Test
    void refusedCommandsAreAnsweredWithTheirReason() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 3, 3, Commands.options(1, 3, Duration.ofMinutes(5))));
        await().until(() -> !log.of(batchId, BatchStarted.class).isEmpty());

        BatchCommand foreignPause = Commands.pause(batchId, new Requester("bob", false));
        BatchCommand adminPause = Commands.pause(batchId, new Requester("root", true));
        BatchCommand secondPause = Commands.pause(batchId, Commands.ALICE);
        BatchCommand lateAppend = Commands.append(batchId, 3, Commands.items(3, 1));
        BatchCommand unknownBatch = Commands.resume(UUID.randomUUID());
        commands.send(foreignPause, adminPause, secondPause, lateAppend, unknownBatch);

        // someone else's batch is answered as a batch that is not there, with nothing about it
        CommandRejected foreign = awaitRejected(batchId, foreignPause.commandId());
        assertThat(foreign.code()).isEqualTo("NOT_FOUND");
        assertThat(foreign.message()).isEqualTo("batch " + batchId + " not found");
        assertThat(foreign.currentStatus()).isNull();
        CommandRejected invalid = awaitRejected(batchId, secondPause.commandId());
        assertThat(invalid.code()).isEqualTo("INVALID_TRANSITION");
        assertThat(invalid.currentStatus()).isEqualTo("paused");
        assertThat(awaitRejected(batchId, lateAppend.commandId()).code()).isEqualTo("INVALID_TRANSITION");
        assertThat(awaitRejected(unknownBatch.batchId(), unknownBatch.commandId()).code()).isEqualTo("NOT_FOUND");
        assertThat(log.of(batchId, BatchPaused.class)).singleElement()
                .satisfies(paused -> assertThat(paused.requestedBy()).isEqualTo("root"));

        UUID other = UUID.randomUUID();
        BatchCommand wrongSeal = Commands.seal(other, 5);
        commands.send(Commands.create(other, null), Commands.append(other, 0, Commands.items(0, 4)), wrongSeal);
        CommandRejected sealRejected = awaitRejected(other, wrongSeal.commandId());
        assertThat(sealRejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(sealRejected.details()).containsExactly("total: expected 4");

        UUID commandId = UUID.randomUUID();
        commands.sendRaw(other.toString(), ("{\"type\":\"frobnicate\",\"commandId\":\"" + commandId
                + "\",\"batchId\":\"" + other + "\",\"schemaVersion\":1,"
                + "\"requestedBy\":{\"subject\":\"alice\"}}").getBytes(StandardCharsets.UTF_8));
        CommandRejected unknown = awaitRejected(other, commandId);
        assertThat(unknown.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(unknown.commandType()).isEqualTo("frobnicate");
    }
}
