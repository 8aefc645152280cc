package io.batchpulse.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Contracts;
import io.batchpulse.events.Headers;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.batch.BatchPaused;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TypeFilteringDeserializerTests {

    private static final String TOPIC = "batchpulse.batch-events";
    private final TypeFilteringDeserializer<BatchEvent> outcomes =
            new TypeFilteringDeserializer<>(new BatchEventSerde(), type -> !type.startsWith(ItemEvent.TYPE_PREFIX));

    @Test
    void aRecordOfAnUnwantedTypeIsNotParsed() {
        // not even JSON: it would fail if it were read
        byte[] unreadable = "not JSON".getBytes(StandardCharsets.UTF_8);

        assertThat(outcomes.deserialize(TOPIC, typed("item.completed"), unreadable)).isNull();
    }

    @Test
    void aRecordOfAWantedTypeOrWithoutTheHeaderIsRead() {
        byte[] paused = Contracts.bytes("batch.paused.json");

        assertThat(outcomes.deserialize(TOPIC, typed("batch.paused"), paused)).isInstanceOf(BatchPaused.class);
        assertThat(outcomes.deserialize(TOPIC, new RecordHeaders(), paused)).isInstanceOf(BatchPaused.class);
        assertThat(outcomes.deserialize(TOPIC, paused)).isInstanceOf(BatchPaused.class);
    }

    @Test
    void aWantedRecordThatCannotBeReadStillFailsLoudly() {
        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> outcomes.deserialize(TOPIC,
                typed("batch.paused"), "not JSON".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSerdeNamesTheTypeInAHeaderUnlessTheProducerDid() {
        BatchEventSerde serde = new BatchEventSerde();
        BatchEvent paused = serde.deserialize(TOPIC, Contracts.bytes("batch.paused.json"));
        RecordHeaders plain = new RecordHeaders();
        RecordHeaders typed = typed("batch.paused");

        serde.serialize(TOPIC, plain, paused);
        serde.serialize(TOPIC, typed, paused);

        assertThat(new String(plain.lastHeader(Headers.TYPE).value(), StandardCharsets.UTF_8)).isEqualTo("batch.paused");
        assertThat(typed.headers(Headers.TYPE)).hasSize(1);
    }

    private static RecordHeaders typed(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.TYPE, type.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
