package io.batchpulse.orchestrator.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.DeadLetters;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.node.ObjectNode;

/**
 * RELIABILITY.md, bad inputs on batch-commands: every shape of record the command listener cannot
 * apply, one case each, behind a created batch and in front of a good append on the same partition.
 * Each is answered as the table says (the DLT with its bytes and reason, a command.rejected, or
 * dropped when it has no commandId to answer), is counted, changes nothing, and the append behind it
 * is applied.
 */
class UnreadableCommandIntegrationTests extends SharedOrchestratorIntegrationTest {

    /** What the listener answers a shape with. */
    enum Answer { DEAD_LETTER, REJECTED, DROPPED }

    /** The record a case sends. */
    record Shape(String key, byte[] value) {
    }

    private static final String MISADDRESSED = "MisaddressedRecordException";

    @Autowired
    MeterRegistry meters;

    static Stream<Arguments> unreadableCommands() {
        return Stream.of(
                dlt("not JSON", "DeserializationException", (batch, append) -> keyed(batch,
                        bytes("{not json " + append.commandId()))),
                dlt("truncated JSON", "DeserializationException", (batch, append) -> {
                    String json = json(append);
                    return keyed(batch, bytes(json.substring(0, json.length() / 2)));
                }),
                dlt("a JSON array", "DeserializationException", (batch, append) -> keyed(batch,
                        bytes("[1,2,\"" + append.commandId() + "\"]"))),
                dlt("a JSON string", "DeserializationException", (batch, append) -> keyed(batch,
                        bytes("\"" + append.commandId() + "\""))),
                dlt("binary bytes", "DeserializationException", (batch, append) -> keyed(batch,
                        binary(append.commandId()))),
                dlt("invalid UTF-8 in a string", "DeserializationException", (batch, append) -> keyed(batch,
                        invalidUtf8(json(append)))),
                dlt("a commandId that is no UUID", "DeserializationException", (batch, append) -> keyed(batch,
                        bytes(json(append).replace(append.commandId().toString(), "not-a-uuid-" + batch)))),
                dlt("no batchId", MISADDRESSED, (batch, append) -> keyed(batch,
                        without(append, "batchId"))),
                dlt("a key that differs from the batchId", MISADDRESSED, (batch, append) ->
                        new Shape(UUID.randomUUID().toString(), bytes(json(append)))),
                dlt("a key that differs, and a field this version does not know", MISADDRESSED, (batch, append) ->
                        new Shape(UUID.randomUUID().toString(), bytes("{\"addedLater\":1," + json(append).substring(1)))),
                dlt("a null key", MISADDRESSED, (batch, append) ->
                        new Shape(null, bytes(json(append)))),
                dlt("a null value (tombstone)", "UnreadableCommandException", (batch, append) ->
                        new Shape(batch.toString(), null)),
                Arguments.of("an unknown type", Answer.REJECTED, null, (Builder) (batch, append) -> keyed(batch,
                        bytes(json(append).replace("\"type\":\"append-items\"", "\"type\":\"frobnicate\"")))),
                Arguments.of("no type", Answer.REJECTED, null, (Builder) (batch, append) -> keyed(batch,
                        without(append, "type"))),
                Arguments.of("a newer schemaVersion", Answer.REJECTED, null, (Builder) (batch, append) ->
                        keyed(batch, bytes(json(append).replace("\"schemaVersion\":1", "\"schemaVersion\":99")))),
                Arguments.of("no requestedBy", Answer.REJECTED, null, (Builder) (batch, append) -> keyed(batch,
                        without(append, "requestedBy"))),
                Arguments.of("no commandId", Answer.DROPPED, null, (Builder) (batch, append) -> keyed(batch,
                        without(append, "commandId"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableCommands")
    void isAnsweredAsTheTableSaysIsCountedChangesNothingAndTheNextCommandIsApplied(String name, Answer answer,
            String cause, Builder builder) {
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.create(batchId, null));
        await().until(() -> !log.of(batchId, BatchCreated.class).isEmpty());
        BatchCommand poison = Commands.append(batchId, 0, Commands.items(0, 3));
        Shape shape = builder.build(batchId, poison);
        double countedBefore = counted(answer, cause);

        int partition = partition(batchId);
        commands.sendRaw(partition, shape.key(), shape.value());
        commands.send(Commands.append(batchId, 0, Commands.items(0, 2)));

        // the next command on the partition is applied, and nothing of the bad one: two items, not three
        await().until(() -> counter(batchId, "total") == 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_items WHERE batch_id = ?", Long.class, batchId))
                .isEqualTo(2);
        switch (answer) {
            case DEAD_LETTER -> {
                ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(shape, poison);
                // read or not, the dead letter holds the bytes as they were sent
                assertThat(deadLetter.value()).isEqualTo(shape.value());
                assertThat(deadLetter.key()).isEqualTo(shape.key());
                assertThat(deadLetter.partition()).isEqualTo(partition);
                assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(ENV.topics().batchCommands());
                assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).endsWith("." + cause);
                assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
                assertThat(processed(poison.commandId())).isZero();
            }
            case REJECTED -> assertThat(awaitRejected(batchId, poison.commandId()).code())
                    .isEqualTo("VALIDATION_FAILED");
            case DROPPED -> assertThat(processed(poison.commandId())).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(counted(answer, cause))
                .as("%s counted", name).isGreaterThanOrEqualTo(countedBefore + 1));
    }

    /** Builds the bad record from the batch's id and a good append of three items to it. */
    @FunctionalInterface
    interface Builder {

        Shape build(UUID batchId, BatchCommand append);
    }

    private static Arguments dlt(String name, String cause, Builder builder) {
        return Arguments.of(name, Answer.DEAD_LETTER, cause, builder);
    }

    private double counted(Answer answer, String cause) {
        Counter counter = switch (answer) {
            case DEAD_LETTER -> meters.find("batchpulse.dlt.records")
                    .tags("topic", ENV.topics().batchCommands(), "cause", cause).counter();
            case REJECTED -> meters.find("batchpulse.commands.rejected").tag("code", "VALIDATION_FAILED").counter();
            case DROPPED -> meters.find("batchpulse.events.skipped")
                    .tags("reader", "command-listener", "reason", "missing-id").counter();
        };
        return counter == null ? 0 : counter.count();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(Shape shape, BatchCommand poison) {
        Predicate<ConsumerRecord<String, byte[]>> wanted = shape.value() == null
                ? record -> shape.key().equals(record.key()) && record.value() == null
                : record -> Arrays.equals(record.value(), shape.value())
                        || record.value() != null && isCommand(record.value(), poison.commandId());
        ConsumerRecord<String, byte[]> deadLetter = DeadLetters.awaitRecord(ENV.bootstrapServers(),
                ENV.topics().batchCommands(), wanted, Duration.ofSeconds(30));
        assertThat(deadLetter).as("the dead letter").isNotNull();
        return deadLetter;
    }

    private static boolean isCommand(byte[] value, UUID commandId) {
        try {
            return commandId.equals(read(value).commandId());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static BatchCommand read(byte[] value) {
        return new BatchCommandSerde().deserialize("batch-commands", value);
    }

    private long processed(UUID commandId) {
        return jdbc.queryForObject("SELECT count(*) FROM processed_commands WHERE command_id = ?", Long.class,
                commandId);
    }

    private static int partition(UUID batchId) {
        int partitions = (Integer) ENV.properties().get("orchestrator.topics.command-partitions");
        return Utils.toPositive(Utils.murmur2(batchId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Shape keyed(UUID batchId, byte[] value) {
        return new Shape(batchId.toString(), value);
    }

    private static String json(BatchCommand command) {
        return new String(new BatchCommandSerde().serialize("batch-commands", command), StandardCharsets.UTF_8);
    }

    private static byte[] without(BatchCommand command, String field) {
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(json(command));
        assertThat(json.remove(field)).as(field).isNotNull();
        return EventJson.mapper().writeValueAsBytes(json);
    }

    /** Bytes that are no text at all, made unique by the command id. */
    private static byte[] binary(UUID commandId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, (byte) 0xFF, (byte) 0xFE, 7, 0});
        out.writeBytes(bytes(commandId.toString()));
        return out.toByteArray();
    }

    /** The command with a byte sequence UTF-8 does not allow (0xC3 must start two bytes) in its first label. */
    private static byte[] invalidUtf8(String json) {
        int label = json.indexOf("item-0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(json.substring(0, label)));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.writeBytes(bytes(json.substring(label)));
        return out.toByteArray();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
