package io.batchpulse.orchestrator.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Splits one tick's dispatch budget between batches by water-filling: every batch with credit
 * gets an equal share, and what a small batch cannot use goes to the others. A huge batch can
 * therefore never starve a small one. The start of the round rotates from tick to tick so the
 * remainder of an uneven split does not always favour the same batch.
 */
final class FairShare {

    record Demand(UUID batchId, int credit) {
    }

    private FairShare() {
    }

    static Map<UUID, Integer> allocate(List<Demand> demands, int budget, int rotation) {
        Map<UUID, Integer> granted = new LinkedHashMap<>();
        List<Demand> open = new ArrayList<>();
        int n = demands.size();
        for (int i = 0; i < n; i++) {
            Demand demand = demands.get(Math.floorMod(i + rotation, n));
            if (demand.credit() > 0) {
                open.add(demand);
                granted.put(demand.batchId(), 0);
            }
        }
        int remaining = budget;
        while (remaining > 0 && !open.isEmpty()) {
            int share = Math.max(1, remaining / open.size());
            List<Demand> stillOpen = new ArrayList<>();
            for (Demand demand : open) {
                int already = granted.get(demand.batchId());
                int give = Math.min(Math.min(share, demand.credit() - already), remaining);
                granted.put(demand.batchId(), already + give);
                remaining -= give;
                if (already + give < demand.credit()) {
                    stillOpen.add(demand);
                }
                if (remaining == 0) {
                    break;
                }
            }
            open = stillOpen;
        }
        granted.values().removeIf(v -> v == 0);
        return granted;
    }
}
