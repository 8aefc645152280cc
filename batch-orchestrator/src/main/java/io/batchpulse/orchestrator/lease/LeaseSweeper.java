package io.batchpulse.orchestrator.lease;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.batch.BatchEndings;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.faultpoint.FaultPoint;
import io.batchpulse.orchestrator.faultpoint.FaultPoints;
import io.batchpulse.orchestrator.item.ExpiredItem;
import io.batchpulse.orchestrator.item.ItemLeases;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import io.batchpulse.orchestrator.record.RecorderWatermark;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds items whose worker went silent: in progress with no item.started or item.progress for
 * the batch's itemTimeout, or dispatched and started by no worker within the start timeout. For each
 * it publishes item.retrying (LEASE_EXPIRED) for the next attempt or, with no attempts left,
 * item.failed (LEASE_EXPIRED). It moves no row and no counter: the result recorder applies the
 * expiry when it reads it back, in topic order with the attempt's own result, so a result that
 * reached the topic first wins over the expiry here exactly as it does in the progress snapshots.
 * Then the batches' end checks and deadlines run. Only the batches this instance owns are swept.
 */
@Component
public class LeaseSweeper {

    public static final String LEASE_EXPIRED = "LEASE_EXPIRED";

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);

    /** Idle events come every second while the recorder has nothing to read. */
    private static final Duration CAUGHT_UP_WINDOW = Duration.ofSeconds(5);

    private final ItemLeases leases;
    private final Transactions transactions;
    private final BatchEndings endings;
    private final Outbox outbox;
    private final int maxItems;
    private final RecorderWatermark watermark;
    private final LeaseMetrics metrics;
    private final BatchOwnership ownership;
    private final Duration startTimeout;
    private final FaultPoints faultPoints;

    public LeaseSweeper(ItemLeases leases, Transactions transactions, BatchEndings endings,
            Outbox outbox, RecorderWatermark watermark, OrchestratorProperties properties, LeaseMetrics metrics,
            BatchOwnership ownership, FaultPoints faultPoints) {
        this.ownership = ownership;
        this.faultPoints = faultPoints;
        this.metrics = metrics;
        this.watermark = watermark;
        this.leases = leases;
        this.transactions = transactions;
        this.endings = endings;
        this.outbox = outbox;
        this.maxItems = properties.lease().maxItemsPerSweep();
        this.startTimeout = properties.lease().startTimeout();
    }

    public void sweep() {
        if (watermark.caughtUpWithin(CAUGHT_UP_WINDOW)) {
            int expired = transactions.inTransaction(this::expireLeases);
            metrics.expired(expired);
            if (expired > 0) {
                log.info("{} item leases expired", expired);
                faultPoints.reach(FaultPoint.LEASES_EXPIRED);
            }
        } else {
            log.debug("Result recorder is not caught up; no lease expires until it is");
        }
        transactions.run(endings::enforceDeadlines);
    }

    private int expireLeases() {
        List<UUID> batchIds = ownership.owned(leases.batchesWithExpiredLeases());
        if (batchIds.isEmpty()) {
            return 0;
        }
        List<ExpiredItem> expired = leases.expireLeases(batchIds, maxItems);
        Instant now = Instant.now();
        List<ItemEvent> events = new ArrayList<>(expired.size());
        for (ExpiredItem item : expired) {
            ItemError error = new ItemError(LEASE_EXPIRED, reason(item), List.of());
            if (item.requeued()) {
                events.add(new ItemRetrying(UUID.randomUUID(), item.batchId(), now, SchemaVersion.CURRENT,
                        item.itemId(), item.index(), item.attempt(), item.workerId(), item.label(), error, 0));
            } else {
                events.add(new ItemFailed(UUID.randomUUID(), item.batchId(), now, SchemaVersion.CURRENT,
                        item.itemId(), item.index(), item.attempt(), item.workerId(), item.label(), error, true, 0));
            }
        }
        outbox.appendAll(events);
        return expired.size();
    }

    private String reason(ExpiredItem item) {
        if (item.started()) {
            return "no result within itemTimeout " + item.itemTimeout();
        }
        Duration waited = Duration.parse(item.itemTimeout());
        return "no worker started it within " + (waited.compareTo(startTimeout) > 0 ? waited : startTimeout);
    }
}
