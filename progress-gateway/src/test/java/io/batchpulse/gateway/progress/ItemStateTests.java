package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.ItemStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemStateTests {

    private final TestEvents batch = new TestEvents();
    private final ItemStateSerde serde = new ItemStateSerde();

    @Test
    void bulkChangesNewerThanTheStateApplyInOrder() {
        ItemState failed = new ItemState(3, ItemState.FINAL, ItemStatus.FAILED, 0);
        List<BulkChange> retriedThenCancelled = List.of(new BulkChange(1, BulkChange.Kind.RETRY_FAILED),
                new BulkChange(2, BulkChange.Kind.CANCEL_PENDING));

        assertThat(failed.effectiveStatus(retriedThenCancelled)).isEqualTo(ItemStatus.CANCELLED);
        assertThat(new ItemState(3, ItemState.FINAL, ItemStatus.FAILED, 1).effectiveStatus(retriedThenCancelled))
                .isEqualTo(ItemStatus.FAILED);
    }

    @Test
    void aWaitingItemMayBeCancelledWithoutANewAttempt() {
        ItemState waiting = new ItemState(1, ItemState.FINAL, ItemStatus.PENDING, 0);

        assertThat(ItemState.after(waiting, ItemStatus.PENDING, batch.itemCancelled(0, 1, 10), 0, 0))
                .hasValueSatisfying(next -> assertThat(next.status()).isEqualTo(ItemStatus.CANCELLED));
        assertThat(ItemState.after(waiting, ItemStatus.PENDING, batch.completed(0, 1, 10), 0, 0)).isEmpty();
    }

    @Test
    void stateSurvivesItsElevenByteEncoding() {
        ItemState state = new ItemState(7, ItemState.RUNNING, ItemStatus.IN_PROGRESS, 3);

        byte[] bytes = serde.serialize("t", state);

        assertThat(bytes).hasSize(11);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void aFailedItemKeepsItsFailureGroupInEightMoreBytes() {
        ItemState state = new ItemState(2, ItemState.FINAL, ItemStatus.FAILED, 1, 0x8000_0000_0000_0001L);

        byte[] bytes = serde.serialize("t", state);

        assertThat(bytes).hasSize(19);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(state);
    }
}
