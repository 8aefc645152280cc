package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.BatchStages;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.faultpoint.FaultPoint;
import io.batchpulse.orchestrator.faultpoint.FaultPoints;
import io.batchpulse.orchestrator.item.ClaimedItem;
import io.batchpulse.orchestrator.limit.LimitState;
import io.batchpulse.orchestrator.limit.SharedLimits;
import io.batchpulse.orchestrator.outbox.OutboxRelay;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One dispatch tick, always on the dispatcher thread. Order matters: the running batches are
 * listed first, then the outbox is relayed, then items are claimed. A batch's batch.started is
 * committed together with its status running, so any batch in the list has its batch.started
 * relayed before its first item.dispatched is sent. A tick that moves a batch's stage (its first
 * items leave: processing; its last pending ones leave: finalizing) relays that batch.stage before
 * sending too. Batches of a shared limit are dispatched under the limit's row lock, so what is in
 * flight for it is counted over every orchestrator instance. Only the batches this instance owns
 * whose partition's dispatch producer is open are dispatched, under the owner epochs that the
 * claim transaction reads first.
 */
@Component
class Dispatcher {

    /** What one tick's claim transaction did. */
    private record Round(List<ClaimedItem> claimed, boolean stagesMoved) {
    }

    /**
     * What one tick did: the items it dispatched; {@code idle} when it relayed nothing and found no
     * batch of this instance's with pending items (so the next tick may wait, {@link IdlePacing}).
     */
    record Tick(int dispatched, boolean idle) {

        /** There is work, but none of it could leave this tick (a full window, a rate limit, a relay backing off). */
        static final Tick WORK_WAITING = new Tick(0, false);
    }

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final JdbcTemplate jdbc;
    private final Transactions transactions;
    private final DispatchClaims claims;
    private final DispatchTargets targets;
    private final DispatchSender sender;
    private final OutboxRelay relay;
    private final BatchStages stages;
    private final SharedLimits limits;
    private final BatchOwnership ownership;
    private final OrchestratorProperties.Dispatch settings;
    private final FaultPoints faultPoints;
    private final RateLimiter rateLimiter = new RateLimiter();
    private int rotation;

    Dispatcher(JdbcTemplate jdbc, Transactions transactions, DispatchClaims claims, DispatchTargets targets,
            DispatchSender sender, OutboxRelay relay, BatchStages stages, SharedLimits limits,
            BatchOwnership ownership, OrchestratorProperties properties, FaultPoints faultPoints) {
        this.limits = limits;
        this.faultPoints = faultPoints;
        this.ownership = ownership;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.claims = claims;
        this.targets = targets;
        this.sender = sender;
        this.relay = relay;
        this.stages = stages;
        this.settings = properties.dispatch();
    }

    Tick tick() {
        if (relay.backingOff()) {
            // its batch.started may still be in the outbox: nothing is dispatched until it is out
            return Tick.WORK_WAITING;
        }
        List<UUID> candidates = ownership.dispatchable(jdbc.queryForList(
                "SELECT id FROM batch_jobs WHERE status = 'running' AND pending > 0 AND " + BatchOwnership.MAYBE_OWNED
                        + " ORDER BY id", UUID.class, ownership.sqlParameters()));
        // On this thread, not a scheduler of its own: a batch's batch.started must be out before its first item.
        int relayed = relay.relayAll();
        targets.retainOnly(candidates);
        rateLimiter.retainOnly(candidates);
        if (candidates.isEmpty()) {
            return new Tick(0, relayed == 0);
        }
        Map<UUID, DispatchTarget> known = targets.of(candidates);
        Round round = transactions.inTransaction(() -> claimAll(candidates, known));
        List<ClaimedItem> claimed = round.claimed();
        if (claimed.isEmpty()) {
            return Tick.WORK_WAITING;
        }
        if (round.stagesMoved()) {
            relayStages();
        }
        faultPoints.reach(FaultPoint.ITEMS_CLAIMED);
        long sendStart = System.nanoTime();
        try {
            sender.send(claimed, known, true);
        } catch (RuntimeException e) {
            // the partitions whose transactions committed keep their items dispatched
            List<ClaimedItem> unsent = e instanceof DispatchSender.UnsentException u ? u.unsent() : claimed;
            log.warn("Sending the dispatch records of {} of {} items failed; putting them back to pending",
                    unsent.size(), claimed.size(), e);
            transactions.run(() -> {
                // an instance cut off from the brokers may have lost its partitions meanwhile: the new
                // owner re-sends these items, and an ex-owner must not touch them any more
                ownership.fence();
                claims.revert(unsent.stream().filter(item -> ownership.owns(item.batchId())).toList());
            });
            return new Tick(claimed.size() - unsent.size(), false);
        }
        if (log.isDebugEnabled()) {
            log.debug("Dispatched {} items of {} batches; sending took {} ms", claimed.size(),
                    claimed.stream().map(ClaimedItem::batchId).distinct().count(),
                    (System.nanoTime() - sendStart) / 1_000_000);
        }
        return new Tick(claimed.size(), false);
    }

    private Round claimAll(List<UUID> candidates, Map<UUID, DispatchTarget> known) {
        // first: from here to the commit no other instance can take these batches over
        if (!ownership.fence()) {
            return new Round(List.of(), false);
        }
        long now = System.nanoTime();
        List<TickShares.Claimant> claimants = new ArrayList<>();
        List<DispatchClaims.Window> windows = claims.lockRunning(ownership.dispatchable(candidates));
        for (DispatchClaims.Window window : windows) {
            DispatchTarget target = known.get(window.batchId());
            if (target == null) {
                continue;
            }
            int credit = Math.min(window.credit(),
                    rateLimiter.available(window.batchId(), target.options().itemsPerSecond(), now));
            claimants.add(new TickShares.Claimant(window.batchId(), target.options().priority(),
                    limited(target), credit));
        }
        Map<String, LimitState> limitStates = limits.lock(claimants.stream().filter(c -> c.credit() > 0)
                .map(TickShares.Claimant::limit).filter(Objects::nonNull).distinct().toList());
        Map<String, Integer> capacity = new HashMap<>();
        limitStates.forEach((name, state) -> capacity.put(name, state.capacity(limits.bounds(name).orElseThrow())));
        Map<UUID, Integer> quota = TickShares.allocate(claimants, capacity, settings.maxRecordsPerTick(), rotation++);
        List<ClaimedItem> claimed = claims.claim(quota);
        Map<UUID, Integer> perBatch = new HashMap<>();
        claimed.forEach(c -> perBatch.merge(c.batchId(), 1, Integer::sum));
        perBatch.forEach(rateLimiter::consume);
        Map<String, Integer> perLimit = new HashMap<>();
        perBatch.forEach((batchId, n) -> {
            String limit = limited(known.get(batchId));
            if (limit != null) {
                perLimit.merge(limit, n, Integer::sum);
            }
        });
        limits.consume(limitStates, perLimit);
        return new Round(claimed, stages.dispatched(afterClaim(windows, perBatch)));
    }

    /** The shared limit a batch counts against; none when it names a limit no longer configured. */
    private String limited(DispatchTarget target) {
        String name = target.options().limit();
        return name != null && limits.bounds(name).isPresent() ? name : null;
    }

    /** The windows of the batches that got items this tick, as the claim left them. */
    private static List<BatchStages.Dispatched> afterClaim(List<DispatchClaims.Window> windows,
            Map<UUID, Integer> perBatch) {
        List<BatchStages.Dispatched> dispatched = new ArrayList<>(perBatch.size());
        for (DispatchClaims.Window window : windows) {
            Integer n = perBatch.get(window.batchId());
            if (n != null) {
                dispatched.add(new BatchStages.Dispatched(window.batchId(), window.stage(), window.total(),
                        window.pending() - n, window.inFlight() + n));
            }
        }
        return dispatched;
    }

    /** Best effort: if the relay fails now, the next tick's relay sends the stage events. */
    private void relayStages() {
        try {
            relay.relayAll();
        } catch (RuntimeException e) {
            log.debug("Relaying stage events before the dispatch failed; the next tick relays them", e);
        }
    }
}
