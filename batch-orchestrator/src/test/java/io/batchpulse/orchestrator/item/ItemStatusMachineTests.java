package io.batchpulse.orchestrator.item;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.orchestrator.item.ItemStatusMachine.Move;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ItemStatusMachineTests {

    /** The item lifecycle, written out once more as the expectation. */
    private static final Map<ItemStatus, Map<Move, ItemStatus>> ALLOWED = new EnumMap<>(Map.of(
            ItemStatus.PENDING, Map.of(Move.CLAIM, ItemStatus.DISPATCHED, Move.CANCEL, ItemStatus.CANCELLED),
            ItemStatus.DISPATCHED, Map.of(
                    Move.UNCLAIM, ItemStatus.PENDING,
                    Move.START, ItemStatus.IN_PROGRESS,
                    Move.COMPLETE, ItemStatus.COMPLETED,
                    Move.FAIL, ItemStatus.FAILED,
                    Move.RETRY, ItemStatus.PENDING),
            ItemStatus.IN_PROGRESS, Map.of(
                    Move.START, ItemStatus.IN_PROGRESS,
                    Move.COMPLETE, ItemStatus.COMPLETED,
                    Move.FAIL, ItemStatus.FAILED,
                    Move.RETRY, ItemStatus.PENDING),
            ItemStatus.FAILED, Map.of(Move.RETRY_FAILED, ItemStatus.PENDING)));

    @ParameterizedTest
    @EnumSource(ItemStatus.class)
    void everyMoveIsAllowedExactlyWhereTheLifecycleSaysAndLeadsWhereItSays(ItemStatus from) {
        Map<Move, ItemStatus> allowed = ALLOWED.getOrDefault(from, Map.of());
        for (Move move : Move.values()) {
            if (allowed.containsKey(move)) {
                assertThat(ItemStatusMachine.next(from, move)).as("%s --%s-->", from, move)
                        .contains(allowed.get(move));
            } else {
                assertThat(ItemStatusMachine.allows(from, move)).as("%s --%s--> refused", from, move).isFalse();
            }
        }
    }

    @Test
    void completedAndCancelledItemsNeverMoveAgain() {
        for (Move move : Move.values()) {
            assertThat(ItemStatusMachine.allows(ItemStatus.COMPLETED, move)).isFalse();
            assertThat(ItemStatusMachine.allows(ItemStatus.CANCELLED, move)).isFalse();
        }
    }

    @Test
    void aResultIsRecordedOnlyForAnItemStillOutWithAWorker() {
        assertThat(ItemStatusMachine.sqlFrom(Move.COMPLETE)).isEqualTo("('dispatched', 'in_progress')");
        assertThat(ItemStatusMachine.sqlFrom(Move.RETRY, Move.FAIL)).isEqualTo("('dispatched', 'in_progress')");
    }

    @Test
    void onlyPendingItemsAreClaimedOrCancelledAndOnlyFailedOnesAreRetried() {
        assertThat(ItemStatusMachine.sqlFrom(Move.CLAIM)).isEqualTo("('pending')");
        assertThat(ItemStatusMachine.sqlFrom(Move.CANCEL)).isEqualTo("('pending')");
        assertThat(ItemStatusMachine.sqlFrom(Move.UNCLAIM)).isEqualTo("('dispatched')");
        assertThat(ItemStatusMachine.sqlFrom(Move.RETRY_FAILED)).isEqualTo("('failed')");
    }
}
