package io.batchpulse.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.orchestrator.dispatch.FairShare.Demand;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FairShareTests {

    private final UUID huge = UUID.randomUUID();
    private final UUID small = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void smallBatchGetsItsWholeCreditNextToAHugeOne() {
        Map<UUID, Integer> granted = FairShare.allocate(
                List.of(new Demand(huge, 10_000), new Demand(small, 20)), 100, 0);
        assertThat(granted).containsEntry(small, 20).containsEntry(huge, 80);
    }

    @Test
    void equalDemandsSplitTheBudgetEvenly() {
        Map<UUID, Integer> granted = FairShare.allocate(
                List.of(new Demand(huge, 500), new Demand(small, 500), new Demand(other, 500)), 90, 0);
        assertThat(granted.values()).containsOnly(30);
    }

    @Test
    void neverGrantsMoreThanCreditOrBudget() {
        Map<UUID, Integer> granted = FairShare.allocate(
                List.of(new Demand(huge, 3), new Demand(small, 0), new Demand(other, 5)), 1000, 0);
        assertThat(granted).containsOnlyKeys(huge, other).containsEntry(huge, 3).containsEntry(other, 5);

        Map<UUID, Integer> tight = FairShare.allocate(
                List.of(new Demand(huge, 50), new Demand(small, 50), new Demand(other, 50)), 2, 0);
        assertThat(tight.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
    }

    @Test
    void rotationGivesTheRemainderToDifferentBatches() {
        List<Demand> demands = List.of(new Demand(huge, 10), new Demand(small, 10));
        assertThat(FairShare.allocate(demands, 1, 0)).containsOnlyKeys(huge);
        assertThat(FairShare.allocate(demands, 1, 1)).containsOnlyKeys(small);
    }
}
