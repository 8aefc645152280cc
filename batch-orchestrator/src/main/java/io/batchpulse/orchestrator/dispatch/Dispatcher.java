package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.Transactions;
import io.batchpulse.orchestrator.outbox.OutboxRelay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One dispatch tick, always on the dispatcher thread. Order matters: the running batches are
 * listed first, then the outbox is relayed, then items are claimed. A batch's batch.started is
 * committed together with its status running, so any batch in the list has its batch.started
 * relayed before its first item.dispatched is sent.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final JdbcTemplate jdbc;
    private final Transactions transactions;
    private final DispatchClaims claims;
    private final DispatchTargets targets;
    private final DispatchSender sender;
    private final OutboxRelay relay;
    private final OrchestratorProperties.Dispatch settings;
    private final RateLimiter rateLimiter = new RateLimiter();
    private int rotation;

    Dispatcher(JdbcTemplate jdbc, Transactions transactions, DispatchClaims claims, DispatchTargets targets,
            DispatchSender sender, OutboxRelay relay, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.claims = claims;
        this.targets = targets;
        this.sender = sender;
        this.relay = relay;
        this.settings = properties.dispatch();
    }

    /** Returns how many items were dispatched. */
    int tick() {
        List<UUID> candidates = jdbc.queryForList(
                "SELECT id FROM batch_jobs WHERE status = 'running' AND pending > 0 ORDER BY id", UUID.class);
        relay.relayAll();
        targets.retainOnly(candidates);
        rateLimiter.retainOnly(candidates);
        if (candidates.isEmpty()) {
            return 0;
        }
        Map<UUID, DispatchTarget> known = targets.of(candidates);
        List<Claimed> claimed = transactions.inTransaction(() -> claimAll(candidates, known));
        if (claimed.isEmpty()) {
            return 0;
        }
        long sendStart = System.nanoTime();
        try {
            sender.send(claimed, known, true);
        } catch (RuntimeException e) {
            log.warn("Sending {} dispatch records failed; putting them back to pending", claimed.size(), e);
            transactions.run(() -> claims.revert(claimed));
            return 0;
        }
        if (log.isDebugEnabled()) {
            log.debug("Dispatched {} items of {} batches; sending took {} ms", claimed.size(),
                    claimed.stream().map(Claimed::batchId).distinct().count(),
                    (System.nanoTime() - sendStart) / 1_000_000);
        }
        return claimed.size();
    }

    private List<Claimed> claimAll(List<UUID> candidates, Map<UUID, DispatchTarget> known) {
        long now = System.nanoTime();
        List<FairShare.Demand> demands = new ArrayList<>();
        for (DispatchClaims.Window window : claims.lockRunning(candidates)) {
            DispatchTarget target = known.get(window.batchId());
            if (target == null) {
                continue;
            }
            int credit = Math.min(window.credit(),
                    rateLimiter.available(window.batchId(), target.options().itemsPerSecond(), now));
            demands.add(new FairShare.Demand(window.batchId(), credit));
        }
        Map<UUID, Integer> quota = FairShare.allocate(demands, settings.maxRecordsPerTick(), rotation++);
        List<Claimed> claimed = claims.claim(quota);
        Map<UUID, Integer> perBatch = new java.util.HashMap<>();
        claimed.forEach(c -> perBatch.merge(c.batchId(), 1, Integer::sum));
        perBatch.forEach(rateLimiter::consume);
        return claimed;
    }
}
