package io.batchpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.progress.ProgressSnapshot;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event, every command, ItemDispatch and ProgressSnapshot read from its golden file and
 * written back gives the same JSON tree: field names are pinned, nothing is renamed, dropped or
 * added by accident.
 */
class ContractRoundTripTests {

    static Stream<GoldenFile<?>> goldenFiles() {
        return Contracts.goldenFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenFileReadsAsItsRecordAndWritesBackUnchanged(GoldenFile<?> golden) {
        Object value = EventJson.mapper().readValue(golden.bytes(), golden.base());

        assertThat(value).isExactlyInstanceOf(golden.record());
        byte[] written = EventJson.mapper().writerFor(golden.base()).writeValueAsBytes(value);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(Contracts.tree(golden.file()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenFileRoundTripsThroughItsKafkaSerde(GoldenFile<?> golden) {
        Object value = golden.read();

        assertThat(value).isExactlyInstanceOf(golden.record())
                .isEqualTo(EventJson.mapper().readValue(golden.bytes(), golden.base()));
        byte[] written = golden.write(value);
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(Contracts.tree(golden.file()));
        assertThat(golden.read(written)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenFileIsUnderstoodAsTheTypeItNames(GoldenFile<?> golden) {
        Object value = golden.read();

        if (value instanceof BatchEvent event) {
            assertThat(event.understood()).isTrue();
            assertThat(event.type()).isEqualTo(Contracts.tree(golden.file()).get("type").asString());
        } else if (value instanceof BatchCommand command) {
            assertThat(command.understood()).isTrue();
            assertThat(command.type()).isEqualTo(Contracts.tree(golden.file()).get("type").asString());
        } else if (value instanceof ItemDispatch dispatch) {
            assertThat(dispatch.understood()).isTrue();
        } else {
            assertThat(((ProgressSnapshot) value).schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        }
    }
}
