package io.batchpulse.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.worker.support.Dispatches;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every shape of item-dispatch record the worker cannot act on goes to item-dispatch.DLT on its own
 * partition with the reason, is counted, and the dispatch behind it runs.
 */
class UnreadableDispatchIntegrationTests extends WorkerIntegrationContext {

    static Stream<Arguments> unreadableRecords() {
        String dispatch = new String(validDispatch(), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("truncated JSON", bytes(dispatch.substring(0, dispatch.length() / 2)),
                        "Cannot read ItemDispatch"),
                Arguments.of("a JSON array", bytes("[1,2,3]"), "Cannot read ItemDispatch"),
                Arguments.of("a JSON string", bytes("\"item 0\""), "Cannot read ItemDispatch"),
                Arguments.of("invalid UTF-8 in a string", invalidUtf8(dispatch), "Cannot read ItemDispatch"),
                Arguments.of("no batchId", without("batchId"), "ItemDispatch without batchId or itemId"),
                Arguments.of("no itemId", without("itemId"), "ItemDispatch without batchId or itemId"),
                Arguments.of("a newer schemaVersion", newerSchema(), "schemaVersion 99 is not supported"),
                Arguments.of("a null value (tombstone)", null, "mpty item-dispatch record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableRecords")
    void goesToTheDeadLetterTopicWithItsReasonIsCountedAndTheNextDispatchRuns(String shape, byte[] value,
            String reason) {
        double countedBefore = deadLettersCounted();
        String key = UUID.randomUUID().toString();
        UUID nextBatch = UUID.randomUUID();
        kafka.sendRaw(key, value);
        kafka.send(Dispatches.dispatch(nextBatch, 1, 3, "simulated", null));

        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(key);

        assertThat(deadLetter.value()).isEqualTo(value);
        assertThat(deadLetter.partition()).isZero();
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains(reason);
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(topics.itemDispatch());
        assertThat(kafka.awaitEvents(nextBatch, 2)).extracting(BatchEvent::type)
                .containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deadLettersCounted()).isGreaterThanOrEqualTo(countedBefore + 1));
    }

    private static byte[] validDispatch() {
        return new ItemDispatchSerde().serialize("item-dispatch", Dispatches.dispatch(UUID.randomUUID(), 1, 3,
                "simulated", null));
    }

    /** A valid dispatch whose label holds a byte sequence UTF-8 does not allow (0xC3 must start two bytes). */
    private static byte[] invalidUtf8(String dispatch) {
        int label = dispatch.indexOf("item 0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(dispatch.substring(0, label)));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.writeBytes(bytes(dispatch.substring(label)));
        return out.toByteArray();
    }

    private static byte[] newerSchema() {
        return new ItemDispatchSerde().serialize("item-dispatch", Dispatches.withSchemaVersion(
                Dispatches.dispatch(UUID.randomUUID(), 1, 3, "simulated", null), 99));
    }

    private static byte[] without(String field) {
        ObjectNode dispatch = (ObjectNode) EventJson.mapper().readTree(validDispatch());
        dispatch.remove(field);
        return EventJson.mapper().writeValueAsBytes(dispatch);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
