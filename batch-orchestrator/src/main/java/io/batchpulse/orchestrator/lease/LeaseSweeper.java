package io.batchpulse.orchestrator.lease;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.BatchEndings;
import io.batchpulse.orchestrator.batch.CounterDelta;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.item.ExpiredItem;
import io.batchpulse.orchestrator.item.ItemLeases;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.batchpulse.orchestrator.record.RecorderWatermark;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds items whose worker went silent: dispatched or in progress with an expired lease. Each is
 * put back to pending for its next attempt (item.retrying, LEASE_EXPIRED) or, with no attempts
 * left, failed (item.failed, LEASE_EXPIRED). Then the batches' end checks and deadlines run.
 */
@Component
public class LeaseSweeper {

    public static final String LEASE_EXPIRED = "LEASE_EXPIRED";

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);

    /** Idle events come every second while the recorder has nothing to read. */
    private static final Duration CAUGHT_UP_WINDOW = Duration.ofSeconds(5);

    private final ItemLeases leases;
    private final Transactions transactions;
    private final BatchCounters counters;
    private final BatchEndings endings;
    private final Outbox outbox;
    private final int maxItems;
    private final RecorderWatermark watermark;
    private final LeaseMetrics metrics;

    public LeaseSweeper(ItemLeases leases, Transactions transactions, BatchCounters counters, BatchEndings endings,
            Outbox outbox, RecorderWatermark watermark, OrchestratorProperties properties, LeaseMetrics metrics) {
        this.metrics = metrics;
        this.watermark = watermark;
        this.leases = leases;
        this.transactions = transactions;
        this.counters = counters;
        this.endings = endings;
        this.outbox = outbox;
        this.maxItems = properties.lease().maxItemsPerSweep();
    }

    public void sweep() {
        if (watermark.caughtUpWithin(CAUGHT_UP_WINDOW)) {
            int expired = transactions.inTransaction(this::expireLeases);
            metrics.expired(expired);
            if (expired > 0) {
                log.info("{} item leases expired", expired);
            }
        } else {
            log.debug("Result recorder is not caught up; no lease expires until it is");
        }
        transactions.run(endings::enforceDeadlines);
    }

    private int expireLeases() {
        List<UUID> batchIds = leases.batchesWithExpiredLeases();
        if (batchIds.isEmpty()) {
            return 0;
        }
        counters.lockInOrder(batchIds);
        List<ExpiredItem> expired = leases.expireLeases(batchIds, maxItems);
        Instant now = Instant.now();
        List<ItemEvent> events = new ArrayList<>(expired.size());
        Map<UUID, CounterDelta> deltas = new HashMap<>();
        Map<UUID, String> groups = new HashMap<>();
        for (ExpiredItem item : expired) {
            ItemError error = new ItemError(LEASE_EXPIRED, "no result within itemTimeout " + item.itemTimeout(),
                    List.of());
            if (item.requeued()) {
                events.add(new ItemRetrying(UUID.randomUUID(), item.batchId(), now, SchemaVersion.CURRENT,
                        item.itemId(), item.index(), item.attempt(), item.workerId(), item.label(), error, 0));
                deltas.merge(item.batchId(), CounterDelta.requeuedFromFlight(1), CounterDelta::plus);
            } else {
                events.add(new ItemFailed(UUID.randomUUID(), item.batchId(), now, SchemaVersion.CURRENT,
                        item.itemId(), item.index(), item.attempt(), item.workerId(), item.label(), error, true, 0));
                groups.put(item.itemId(), FailureGroup.of(error).key());
                deltas.merge(item.batchId(), CounterDelta.failedFromFlight(1), CounterDelta::plus);
            }
        }
        leases.groupFailed(groups);
        outbox.appendAll(events);
        counters.apply(deltas);
        endings.completeFinished(deltas.keySet());
        endings.applyFailurePolicies(deltas.keySet());
        return expired.size();
    }
}
