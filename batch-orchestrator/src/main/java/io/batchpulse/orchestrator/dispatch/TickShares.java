package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.events.model.Priority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Splits one tick's dispatch budget between batches. Priorities are served in order: a priority
 * gets what the ones above it left of the budget and of each shared limit. Within a priority the
 * {@link FairShare} water-filling applies twice: first between the batches of each shared limit
 * (so together they never exceed what the limit has free, and share it fairly), then between all
 * the priority's batches for the tick's budget.
 */
final class TickShares {

    /**
     * A running batch that wants items this tick.
     *
     * @param limit  the shared limit it counts against, or null
     * @param credit what its own window and rate leave it
     */
    record Claimant(UUID batchId, Priority priority, String limit, int credit) {
    }

    private TickShares() {
    }

    /**
     * @param limitCapacity what each shared limit may dispatch now; a claimant whose limit is not
     *                      in it is not bound by a shared limit
     */
    static Map<UUID, Integer> allocate(List<Claimant> claimants, Map<String, Integer> limitCapacity, int budget,
            int rotation) {
        Map<String, Integer> capacityLeft = new HashMap<>(limitCapacity);
        Map<UUID, Integer> granted = new HashMap<>();
        int budgetLeft = budget;
        for (Priority priority : Priority.values()) {
            List<Claimant> level = claimants.stream().filter(c -> c.priority() == priority && c.credit() > 0).toList();
            if (level.isEmpty() || budgetLeft == 0) {
                continue;
            }
            Map<UUID, Integer> capped = withinLimits(level, capacityLeft, rotation);
            List<FairShare.Demand> demands = new ArrayList<>(level.size());
            level.forEach(c -> demands.add(new FairShare.Demand(c.batchId(), capped.getOrDefault(c.batchId(), 0))));
            Map<UUID, Integer> grants = FairShare.allocate(demands, budgetLeft, rotation);
            for (Claimant claimant : level) {
                int n = grants.getOrDefault(claimant.batchId(), 0);
                if (n > 0) {
                    granted.put(claimant.batchId(), n);
                    budgetLeft -= n;
                    if (claimant.limit() != null) {
                        capacityLeft.computeIfPresent(claimant.limit(), (name, left) -> left - n);
                    }
                }
            }
        }
        return granted;
    }

    /** Each claimant's credit, cut down to its fair share of what its shared limit has left. */
    private static Map<UUID, Integer> withinLimits(List<Claimant> level, Map<String, Integer> capacityLeft,
            int rotation) {
        Map<UUID, Integer> capped = new HashMap<>();
        Map<String, List<FairShare.Demand>> byLimit = new HashMap<>();
        for (Claimant claimant : level) {
            if (claimant.limit() != null && capacityLeft.containsKey(claimant.limit())) {
                byLimit.computeIfAbsent(claimant.limit(), name -> new ArrayList<>())
                        .add(new FairShare.Demand(claimant.batchId(), claimant.credit()));
            } else {
                capped.put(claimant.batchId(), claimant.credit());
            }
        }
        byLimit.forEach((limit, demands) -> capped.putAll(FairShare.allocate(demands, capacityLeft.get(limit),
                rotation)));
        return capped;
    }
}
