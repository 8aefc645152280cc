package io.batchpulse.orchestrator.owner;

import io.batchpulse.events.BatchPartitions;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.background.DispatchWakeup;
import io.batchpulse.orchestrator.batch.BatchJob;
import io.batchpulse.orchestrator.db.Transactions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which batches this orchestrator dispatches for. Every instance reads batch-commands in one
 * consumer group; the partitions the group assigns to this instance make it the owner of the
 * batches keyed to them (their commands come here too). Kafka decides who holds what, and
 * PostgreSQL fences it: taking a partition raises its epoch in dispatch_owners, and every claim
 * transaction first reads the epochs it dispatches under (see {@link #fence()}), so an ex-owner
 * that was frozen or cut off claims nothing once another instance has taken over. The records a
 * claim leads to are fenced by Kafka: each owned partition dispatches through a transactional
 * producer of its own ({@link DispatchProducers}), opened after the new epoch is taken, so what an
 * ex-owner still had buffered is aborted, and only partitions with an open producer are dispatched
 * from ({@link #dispatchable}).
 *
 * <p>The consumer thread reports assignments; the dispatcher thread takes them over at the start
 * of its next round, so a database that is down delays the take-over instead of failing the
 * rebalance. A revoke waits for the round under way, then records a clean hand-over.
 */
@Component
public class BatchOwnership {

    private static final Logger log = LoggerFactory.getLogger(BatchOwnership.class);

    /**
     * Selects this instance's batches in SQL: a condition on a {@code batch_jobs} row (two
     * parameters, {@link #sqlParameters()}) that is true for every batch of the owned partitions
     * and for rows whose stored partition cannot be trusted (none, or of another partition count).
     * It narrows what is read; {@link #owned} still decides.
     */
    public static final String MAYBE_OWNED = "(command_partitions IS DISTINCT FROM ?::int OR command_partition = ANY(?::int[]))";

    private final OwnerEpochs epochs;
    private final DispatchProducers producers;
    private final Transactions transactions;
    private final DispatchWakeup wakeup;
    private final String instance;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
    /** Held by the dispatcher for a whole round, and by a revoke while it hands partitions over. */
    private final ReentrantLock rounds = new ReentrantLock();
    private volatile int partitions;

    BatchOwnership(OwnerEpochs epochs, DispatchProducers producers, Transactions transactions,
            OrchestratorProperties properties, MeterRegistry registry, DispatchWakeup wakeup) {
        this.wakeup = wakeup;
        this.epochs = epochs;
        this.producers = producers;
        this.transactions = transactions;
        this.instance = properties.instanceId();
        Gauge.builder("batchpulse.orchestrator.partitions.owned", owned, Map::size)
                .description("batch-commands partitions whose batches this instance dispatches for")
                .register(registry);
    }

    /** Runs one dispatcher round; no partition is handed over while it runs. */
    public void round(Runnable work) {
        rounds.lock();
        try {
            work.run();
        } finally {
            rounds.unlock();
        }
    }

    /**
     * Takes over the partitions assigned since the last round, each under a new epoch; returns
     * those whose previous owner did not hand them over cleanly (it may have claimed items and
     * died before sending them). Dispatcher thread, inside {@link #round}.
     */
    public List<Integer> takeOverAssigned() {
        List<Integer> unclean = new ArrayList<>();
        for (Integer partition : new TreeSet<>(assigned)) {
            if (owned.containsKey(partition)) {
                continue;
            }
            OwnerEpochs.Acquired acquired = transactions.inTransaction(() -> epochs.acquire(partition, instance));
            // a revoke may have come while the row was being written: then the next owner takes it from here
            if (assigned.contains(partition)) {
                owned.put(partition, acquired.epoch());
                log.info("Dispatching for batch-commands partition {} under epoch {}{}", partition, acquired.epoch(),
                        acquired.handedOver() ? "" : " (not handed over cleanly: re-sending its dispatched items)");
                if (!acquired.handedOver()) {
                    unclean.add(partition);
                }
            }
        }
        openProducers();
        return unclean;
    }

    /**
     * Opens the producers of the owned partitions that have none: just taken over, or discarded
     * after a failed send. Only for partitions still ours in PostgreSQL, or this would fence the
     * instance that took one over meanwhile.
     */
    private void openProducers() {
        if (owned.keySet().stream().allMatch(producers::isOpen) || !transactions.inTransaction(this::fence)) {
            return;
        }
        for (Integer partition : new TreeSet<>(owned.keySet())) {
            if (!producers.open(partition)) {
                // the brokers are away: the next round tries again, rather than wait out each partition now
                return;
            }
        }
    }

    /**
     * In the claim transaction, before anything is claimed: locks the owned partitions' epochs and
     * gives up every partition someone else has taken since. Returns whether this still owns any.
     */
    public boolean fence() {
        if (owned.isEmpty()) {
            return false;
        }
        Map<Integer, Long> current = epochs.lockEpochs(owned.keySet());
        owned.entrySet().removeIf(entry -> {
            Long epoch = current.get(entry.getKey());
            if (entry.getValue().equals(epoch)) {
                return false;
            }
            log.warn("batch-commands partition {} was taken over (epoch {} now, {} here): no longer dispatching for it",
                    entry.getKey(), epoch, entry.getValue());
            assigned.remove(entry.getKey());
            producers.close(entry.getKey());
            return true;
        });
        return !owned.isEmpty();
    }

    public boolean owns(UUID batchId) {
        int count = partitions;
        return count > 0 && owned.containsKey(BatchPartitions.of(batchId, count));
    }

    /** The parameters of {@link #MAYBE_OWNED}. */
    public Object[] sqlParameters() {
        return new Object[] {partitions, owned.keySet().toArray(Integer[]::new)};
    }

    /** Stores on a new batch's row where its key maps on batch-commands now (nothing before the first assignment). */
    public void key(BatchJob job) {
        int count = partitions;
        if (count > 0) {
            job.keyedTo(BatchPartitions.of(job.id(), count), count);
        }
    }

    /** The owned ones of these batches, in their order. */
    public List<UUID> owned(Collection<UUID> batchIds) {
        return batchIds.stream().filter(this::owns).toList();
    }

    /** The owned ones of these batches whose partition's dispatch producer is open, in their order. */
    public List<UUID> dispatchable(Collection<UUID> batchIds) {
        return batchIds.stream().filter(id -> owns(id) && producers.isOpen(partition(id))).toList();
    }

    /** The batch-commands partition the batch's key maps to; the caller owns the batch. */
    public int partition(UUID batchId) {
        return BatchPartitions.of(batchId, partitions);
    }

    /** The owned ones of these batches whose partition is one of {@code partitions}. */
    public List<UUID> ofPartitions(Collection<UUID> batchIds, Collection<Integer> partitions) {
        int count = this.partitions;
        return batchIds.stream().filter(id -> count > 0 && partitions.contains(BatchPartitions.of(id, count))).toList();
    }

    /** {@code instance/epoch} of the batch's partition, for the records dispatched for it. */
    public String dispatcher(UUID batchId) {
        int count = partitions;
        Long epoch = count > 0 ? owned.get(BatchPartitions.of(batchId, count)) : null;
        return instance + "/" + epoch;
    }

    void assigned(Collection<Integer> newlyAssigned, int partitionCount) {
        partitions = partitionCount;
        assigned.addAll(newlyAssigned);
        // the dispatcher takes them over on its next tick
        wakeup.wake();
    }

    /** Waits for the round under way, then hands the partitions over. Consumer thread. */
    void revoked(Collection<Integer> revoked) {
        assigned.removeAll(revoked);
        rounds.lock();
        try {
            for (Integer partition : revoked) {
                Long epoch = owned.remove(partition);
                producers.close(partition);
                if (epoch != null) {
                    try {
                        transactions.run(() -> epochs.release(partition, instance, epoch));
                    } catch (RuntimeException e) {
                        // the next owner then re-sends what this one had dispatched: duplicates, nothing lost
                        log.warn("Could not record the hand-over of partition {}: {}", partition, e.toString());
                    }
                }
            }
        } finally {
            rounds.unlock();
        }
        log.info("Handed over batch-commands partitions {}", revoked);
    }

    /** The group moved them on already (this member was too late): stop, record nothing. */
    void lost(Collection<Integer> lost) {
        assigned.removeAll(lost);
        rounds.lock();
        try {
            for (Integer partition : lost) {
                owned.remove(partition);
                producers.close(partition);
            }
        } finally {
            rounds.unlock();
        }
        log.warn("Lost batch-commands partitions {} to the group", lost);
    }
}
