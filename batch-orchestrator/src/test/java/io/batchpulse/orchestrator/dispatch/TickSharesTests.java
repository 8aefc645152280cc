package io.batchpulse.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.Priority;
import io.batchpulse.orchestrator.dispatch.TickShares.Claimant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TickSharesTests {

    private static final UUID A = new UUID(0, 1);
    private static final UUID B = new UUID(0, 2);
    private static final UUID C = new UUID(0, 3);

    @Test
    void batchesOfALimitShareItsCapacityFairlyAndTogetherNeverExceedIt() {
        Map<UUID, Integer> quota = TickShares.allocate(List.of(
                new Claimant(A, Priority.NORMAL, "key", 50),
                new Claimant(B, Priority.NORMAL, "key", 50),
                new Claimant(C, Priority.NORMAL, null, 50)), Map.of("key", 10), 1000, 0);

        assertThat(quota).containsEntry(A, 5).containsEntry(B, 5).containsEntry(C, 50);
    }

    @Test
    void aLimitWithNoCapacityLeftDispatchesNothing() {
        Map<UUID, Integer> quota = TickShares.allocate(List.of(new Claimant(A, Priority.HIGH, "key", 50)),
                Map.of("key", 0), 1000, 0);

        assertThat(quota).isEmpty();
    }

    @Test
    void higherPriorityTakesTheLimitFirstAndLowerOnesGetWhatIsLeft() {
        Map<UUID, Integer> quota = TickShares.allocate(List.of(
                new Claimant(A, Priority.LOW, "key", 50),
                new Claimant(B, Priority.HIGH, "key", 3),
                new Claimant(C, Priority.NORMAL, "key", 4)), Map.of("key", 10), 1000, 0);

        assertThat(quota).containsEntry(B, 3).containsEntry(C, 4).containsEntry(A, 3);
    }

    @Test
    void higherPriorityTakesTheTickBudgetFirst() {
        Map<UUID, Integer> quota = TickShares.allocate(List.of(
                new Claimant(A, Priority.NORMAL, null, 100),
                new Claimant(B, Priority.HIGH, null, 80)), Map.of(), 100, 0);

        assertThat(quota).containsEntry(B, 80).containsEntry(A, 20);
    }

    @Test
    void aLimitNotInTheCapacitiesDoesNotBind() {
        Map<UUID, Integer> quota = TickShares.allocate(List.of(new Claimant(A, Priority.NORMAL, "gone", 7)), Map.of(),
                100, 0);

        assertThat(quota).containsEntry(A, 7);
    }
}
