package io.batchpulse.events.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.batchpulse.events.json.EventJson;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Enums travel as lowercase wire strings, through fromWire and through JSON alike. */
class WireValueTests {

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void batchStatusRoundTripsThroughItsWireValue(BatchStatus status) {
        assertThat(BatchStatus.fromWire(status.wire())).isSameAs(status);
        assertThat(status.wire()).isEqualTo(status.name().toLowerCase(Locale.ROOT));
        assertThat(EventJson.mapper().writeValueAsString(status)).isEqualTo("\"" + status.wire() + "\"");
        assertThat(EventJson.mapper().readValue("\"" + status.wire() + "\"", BatchStatus.class)).isSameAs(status);
    }

    @ParameterizedTest
    @EnumSource(ItemStatus.class)
    void itemStatusRoundTripsThroughItsWireValue(ItemStatus status) {
        assertThat(ItemStatus.fromWire(status.wire())).isSameAs(status);
        assertThat(status.wire()).isEqualTo(status.name().toLowerCase(Locale.ROOT));
        assertThat(EventJson.mapper().writeValueAsString(status)).isEqualTo("\"" + status.wire() + "\"");
        assertThat(EventJson.mapper().readValue("\"" + status.wire() + "\"", ItemStatus.class)).isSameAs(status);
    }

    @ParameterizedTest
    @EnumSource(FailureAction.class)
    void failureActionRoundTripsThroughItsWireValue(FailureAction action) {
        assertThat(FailureAction.fromWire(action.wire())).isSameAs(action);
        assertThat(EventJson.mapper().writeValueAsString(action)).isEqualTo("\"" + action.wire() + "\"");
        assertThat(EventJson.mapper().readValue("\"" + action.wire() + "\"", FailureAction.class)).isSameAs(action);
    }

    @Test
    void completedWithErrorsIsSnakeCaseOnTheWire() {
        assertThat(BatchStatus.COMPLETED_WITH_ERRORS.wire()).isEqualTo("completed_with_errors");
        assertThat(ItemStatus.IN_PROGRESS.wire()).isEqualTo("in_progress");
    }

    @Test
    void unknownWireValueIsRefusedNotGuessed() {
        assertThatIllegalArgumentException().isThrownBy(() -> BatchStatus.fromWire("COMPLETED"));
        assertThatIllegalArgumentException().isThrownBy(() -> ItemStatus.fromWire("done"));
        assertThatIllegalArgumentException().isThrownBy(() -> FailureAction.fromWire(null));
    }

    @Test
    void wireValuesAreDistinct() {
        assertThat(Arrays.stream(BatchStatus.values()).map(BatchStatus::wire)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ItemStatus.values()).map(ItemStatus::wire)).doesNotHaveDuplicates();
    }
}
