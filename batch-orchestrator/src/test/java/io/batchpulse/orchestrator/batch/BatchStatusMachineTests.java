package io.batchpulse.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.batch.BatchStatusMachine.Action;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchStatusMachineTests {

    /** The design's status machine, written out once more as the expectation. */
    private static final Map<BatchStatus, Map<Action, BatchStatus>> ALLOWED = new EnumMap<>(Map.of(
            BatchStatus.CREATED, Map.of(Action.SEAL, BatchStatus.RUNNING),
            BatchStatus.RUNNING, Map.of(
                    Action.PAUSE, BatchStatus.PAUSED,
                    Action.CANCEL, BatchStatus.CANCELLED,
                    Action.COMPLETE, BatchStatus.COMPLETED,
                    Action.COMPLETE_WITH_ERRORS, BatchStatus.COMPLETED_WITH_ERRORS,
                    Action.FAIL, BatchStatus.FAILED),
            BatchStatus.PAUSED, Map.of(Action.RESUME, BatchStatus.RUNNING, Action.CANCEL, BatchStatus.CANCELLED),
            BatchStatus.COMPLETED_WITH_ERRORS, Map.of(Action.RETRY_FAILED, BatchStatus.RUNNING),
            BatchStatus.FAILED, Map.of(Action.RETRY_FAILED, BatchStatus.RUNNING)));

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void everyActionIsAllowedExactlyWhereTheDesignSaysAndLeadsWhereItSays(BatchStatus from) {
        Map<Action, BatchStatus> allowed = ALLOWED.getOrDefault(from, Map.of());
        for (Action action : Action.values()) {
            if (allowed.containsKey(action)) {
                assertThat(BatchStatusMachine.next(from, action)).as("%s --%s-->", from, action)
                        .contains(allowed.get(action));
                assertThat(BatchStatusMachine.apply(from, action)).isEqualTo(allowed.get(action));
            } else {
                assertThat(BatchStatusMachine.allows(from, action)).as("%s --%s--> refused", from, action).isFalse();
                assertThatThrownBy(() -> BatchStatusMachine.apply(from, action))
                        .isInstanceOf(InvalidTransitionException.class)
                        .satisfies(e -> assertThat(((InvalidTransitionException) e).current()).isEqualTo(from));
            }
        }
    }

    @Test
    void pausedBatchCanBeResumedAndCancelledButNotCompleted() {
        assertThat(BatchStatusMachine.apply(BatchStatus.PAUSED, Action.RESUME)).isEqualTo(BatchStatus.RUNNING);
        assertThat(BatchStatusMachine.apply(BatchStatus.PAUSED, Action.CANCEL)).isEqualTo(BatchStatus.CANCELLED);
        assertThat(BatchStatusMachine.allows(BatchStatus.PAUSED, Action.COMPLETE)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = BatchStatus.class, names = {"CANCELLED", "COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED"})
    void terminalBatchesRefusePauseResumeAndCancel(BatchStatus terminal) {
        assertThat(BatchStatusMachine.allows(terminal, Action.PAUSE)).isFalse();
        assertThat(BatchStatusMachine.allows(terminal, Action.RESUME)).isFalse();
        assertThat(BatchStatusMachine.allows(terminal, Action.CANCEL)).isFalse();
    }

    @Test
    void retryFailedOnlyFromBatchesThatEndedWithFailures() {
        assertThat(BatchStatusMachine.allows(BatchStatus.COMPLETED_WITH_ERRORS, Action.RETRY_FAILED)).isTrue();
        assertThat(BatchStatusMachine.allows(BatchStatus.FAILED, Action.RETRY_FAILED)).isTrue();
        assertThat(BatchStatusMachine.allows(BatchStatus.COMPLETED, Action.RETRY_FAILED)).isFalse();
        assertThat(BatchStatusMachine.allows(BatchStatus.CANCELLED, Action.RETRY_FAILED)).isFalse();
        assertThat(BatchStatusMachine.allows(BatchStatus.RUNNING, Action.RETRY_FAILED)).isFalse();
    }

    @Test
    void aBatchFinishesWithErrorsOnlyWhenSomethingFailed() {
        assertThat(BatchStatusMachine.finishing(0)).isEqualTo(Action.COMPLETE);
        assertThat(BatchStatusMachine.finishing(1)).isEqualTo(Action.COMPLETE_WITH_ERRORS);
    }

    @Test
    void refusalSaysWhatWasAskedAndWhereTheBatchIs() {
        assertThatThrownBy(() -> BatchStatusMachine.apply(BatchStatus.COMPLETED, Action.PAUSE))
                .hasMessage("cannot pause a batch that is completed");
    }
}
