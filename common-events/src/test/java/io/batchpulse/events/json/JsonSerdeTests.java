package io.batchpulse.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.batchpulse.events.Contracts;
import io.batchpulse.events.GoldenFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A poison record must fail loudly with a SerializationException naming the topic, so the error
 * handler can send it to the dead-letter topic; a null would be mistaken for a tombstone.
 */
class JsonSerdeTests {

    /** One golden file per serde: the three value types of the contract. */
    static Stream<GoldenFile<?>> serdes() {
        return Contracts.goldenFiles()
                .filter(golden -> List.of("item.completed.json", "command.create.json", Contracts.ITEM_DISPATCH_FILE)
                        .contains(golden.file()));
    }

    static Stream<Arguments> malformedRecords() {
        return serdes().flatMap(golden -> {
            byte[] valid = golden.bytes();
            return Stream.of(
                    Named.of("truncated JSON", Arrays.copyOf(valid, valid.length / 2)),
                    Named.of("not JSON", "batch 42 completed".getBytes(StandardCharsets.UTF_8)),
                    Named.of("binary", new byte[] {0, 0, 0, 0, 1, (byte) 0xC3, (byte) 0xFF, 0x7F}),
                    Named.of("JSON null", "null".getBytes(StandardCharsets.UTF_8)),
                    Named.of("JSON array", ("[" + new String(valid, StandardCharsets.UTF_8) + "]")
                            .getBytes(StandardCharsets.UTF_8)),
                    Named.of("empty record", new byte[0]))
                    .map(bytes -> Arguments.of(golden, bytes));
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedRecords")
    void malformedRecordFailsWithSerializationExceptionNamingTopic(GoldenFile<?> golden, byte[] bytes) {
        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> golden.read(bytes))
                .withMessageContaining("topic " + golden.topic())
                .withMessageContaining(golden.base().getSimpleName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serdes")
    void nullBytesAreATombstone(GoldenFile<?> golden) {
        assertThat(golden.read(null)).isNull();
        assertThat(golden.write(null)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serdes")
    void serdeHandsOutItselfAsSerializerAndDeserializer(GoldenFile<?> golden) {
        JsonSerde<?> serde = golden.serde();

        assertThat(serde.serializer()).isSameAs(serde);
        assertThat(serde.deserializer()).isSameAs(serde);
    }
}
