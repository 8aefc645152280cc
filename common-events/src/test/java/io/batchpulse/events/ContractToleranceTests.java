package io.batchpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.UnknownCommand;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.Priority;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Readers tolerate newer writers: unknown types, extra fields and newer versions never break a consumer. */
class ContractToleranceTests {

    private static final Topics TOPICS = Topics.defaults();

    private final BatchEventSerde events = new BatchEventSerde();
    private final BatchCommandSerde commands = new BatchCommandSerde();
    private final ItemDispatchSerde dispatches = new ItemDispatchSerde();

    @Test
    void unknownEventTypeBecomesUnknownEventThatIsNotUnderstood() {
        ObjectNode json = Contracts.object("batch.started.json");
        json.put("type", "batch.archived");
        json.put("archivedTo", "s3://archive/batches");

        BatchEvent event = events.deserialize(TOPICS.batchEvents(), Contracts.bytes(json));

        assertThat(event).isEqualTo(new UnknownEvent(UUID.fromString("6780b5dd-1d4c-4390-a831-429c967ce9de"),
                "batch.archived", UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                Instant.parse("2026-03-02T09:00:01.480Z"), 1));
        assertThat(event.understood()).isFalse();
    }

    @Test
    void unknownEventIsWrittenBackWithOneTypeField() {
        ObjectNode json = Contracts.object("batch.started.json");
        json.put("type", "batch.archived");
        BatchEvent event = events.deserialize(TOPICS.batchEvents(), Contracts.bytes(json));

        String written = new String(events.serialize(TOPICS.batchEvents(), event), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(written.split("\"type\"", -1)).hasSize(2);
        assertThat(written).contains("\"type\":\"batch.archived\"");
    }

    @Test
    void unknownEnumValueReadsAsNullInsteadOfFailingTheRecord() {
        ObjectNode json = Contracts.object("batch.completed.json");
        json.put("status", "archived");

        BatchEvent event = events.deserialize(TOPICS.batchEvents(), Contracts.bytes(json));

        assertThat(event).isInstanceOf(BatchCompleted.class);
        assertThat(((BatchCompleted) event).status()).isNull();
    }

    @Test
    void unknownCommandTypeBecomesUnknownCommand() {
        ObjectNode json = Contracts.object("command.pause.json");
        json.put("type", "archive");
        json.put("archiveTo", "s3://archive/batches");

        BatchCommand command = commands.deserialize(TOPICS.batchCommands(), Contracts.bytes(json));

        assertThat(command).isEqualTo(new UnknownCommand(UUID.fromString("3b95896c-17ee-4e69-9081-52665de96597"),
                "archive", UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                Instant.parse("2026-03-02T09:04:11.902Z"), 1, new Requester("alice", false)));
        assertThat(command.understood()).isFalse();
    }

    static Stream<GoldenFile<?>> goldenFiles() {
        return Contracts.goldenFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void extraFieldsAreIgnored(GoldenFile<?> golden) {
        ObjectNode json = Contracts.object(golden.file());
        json.put("addedLater", "a field a newer writer sends");
        json.putObject("addedLaterObject").put("nested", true).putArray("list").add(1);

        assertThat(golden.read(Contracts.bytes(json))).isEqualTo(golden.read());
    }

    @Test
    void extraFieldsInsideNestedRecordsAreIgnored() {
        ObjectNode json = Contracts.object("command.create.json");
        ObjectNode options = (ObjectNode) json.get("options");
        options.put("priority", "high");
        ((ObjectNode) options.get("failurePolicy")).put("window", "PT10M");
        ((ObjectNode) json.get("requestedBy")).put("tenant", "acme");

        assertThat(commands.deserialize(TOPICS.batchCommands(), Contracts.bytes(json)))
                .isEqualTo(commands.deserialize(TOPICS.batchCommands(), Contracts.bytes("command.create.json")));
    }

    @Test
    void newerSchemaVersionIsNotUnderstood() {
        ObjectNode event = Contracts.object("item.completed.json").put("schemaVersion", SchemaVersion.CURRENT + 1);
        ObjectNode command = Contracts.object("command.create.json").put("schemaVersion", SchemaVersion.CURRENT + 1);
        ObjectNode dispatch = Contracts.object(Contracts.ITEM_DISPATCH_FILE)
                .put("schemaVersion", SchemaVersion.CURRENT + 1);

        BatchEvent readEvent = events.deserialize(TOPICS.batchEvents(), Contracts.bytes(event));
        BatchCommand readCommand = commands.deserialize(TOPICS.batchCommands(), Contracts.bytes(command));
        ItemDispatch readDispatch = dispatches.deserialize(TOPICS.itemDispatch(), Contracts.bytes(dispatch));

        assertThat(readEvent).isInstanceOf(ItemCompleted.class);
        assertThat(readEvent.understood()).isFalse();
        assertThat(readCommand).isInstanceOf(CreateBatch.class);
        assertThat(readCommand.understood()).isFalse();
        assertThat(readDispatch.understood()).isFalse();
    }

    @Test
    void missingSchemaVersionIsNotUnderstood() {
        ObjectNode event = Contracts.object("item.completed.json");
        event.remove("schemaVersion");

        assertThat(events.deserialize(TOPICS.batchEvents(), Contracts.bytes(event)).understood()).isFalse();
    }

    @Test
    void missingOptionalFieldsReadAsNull() {
        ObjectNode completedItem = Contracts.object("item.completed.json");
        completedItem.remove(List.of("workerId", "label", "result", "score"));
        ObjectNode completedBatch = Contracts.object("batch.completed.json");
        completedBatch.remove("reason");
        ObjectNode create = Contracts.object("command.create.json");
        create.remove(List.of("config", "options"));

        ItemCompleted item = (ItemCompleted) events.deserialize(TOPICS.batchEvents(), Contracts.bytes(completedItem));
        BatchCompleted batch = (BatchCompleted) events.deserialize(TOPICS.batchEvents(),
                Contracts.bytes(completedBatch));
        CreateBatch command = (CreateBatch) commands.deserialize(TOPICS.batchCommands(), Contracts.bytes(create));

        assertThat(item.workerId()).isNull();
        assertThat(item.label()).isNull();
        assertThat(item.result()).isNull();
        assertThat(item.score()).isNull();
        assertThat(item.understood()).isTrue();
        assertThat(batch.reason()).isNull();
        assertThat(command.config()).isNull();
        assertThat(command.options()).isNull();
    }

    @Test
    void missingOptionsReadAsNullAndTakeTheDefaults() {
        ObjectNode create = Contracts.object("command.create.json");
        create.set("options", JsonNodeFactory.instance.objectNode().put("maxInFlight", 8));

        CreateBatch command = (CreateBatch) commands.deserialize(TOPICS.batchCommands(), Contracts.bytes(create));

        assertThat(command.options()).isEqualTo(new BatchOptions(8, null, null, null, null, null));
        assertThat(command.options().withDefaults()).isEqualTo(new BatchOptions(8,
                BatchOptions.DEFAULT_MAX_ATTEMPTS, BatchOptions.DEFAULT_ITEM_TIMEOUT, null, null, null, null, Priority.NORMAL));
    }

    @Test
    void missingErrorDetailsReadAsAnEmptyList() {
        ObjectNode failed = Contracts.object("item.failed.json");
        ((ObjectNode) failed.get("error")).remove("details");

        ItemFailed event = (ItemFailed) events.deserialize(TOPICS.batchEvents(), Contracts.bytes(failed));

        assertThat(event.error().details()).isEmpty();
    }
}
