package io.batchpulse.orchestrator.record;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.orchestrator.background.DispatchWakeup;
import io.batchpulse.orchestrator.batch.BatchCounters;
import io.batchpulse.orchestrator.batch.BatchEndings;
import io.batchpulse.orchestrator.batch.CounterDelta;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.item.ItemOutcomes;
import io.batchpulse.orchestrator.item.Requeued;
import io.batchpulse.orchestrator.limit.SharedLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a poll of item events in one transaction: item rows first (only the current attempt
 * moves), then the counters of the batches whose rows really moved, then the end-of-batch checks.
 */
@Component
class ResultRecorder {

    private static final Logger log = LoggerFactory.getLogger(ResultRecorder.class);

    private final Transactions transactions;
    private final BatchCounters counters;
    private final ItemOutcomes outcomes;
    private final BatchEndings endings;
    private final RecordMetrics metrics;
    private final SharedLimits limits;
    private final DispatchWakeup wakeup;

    ResultRecorder(Transactions transactions, BatchCounters counters, ItemOutcomes outcomes, BatchEndings endings,
            RecordMetrics metrics, SharedLimits limits, DispatchWakeup wakeup) {
        this.wakeup = wakeup;
        this.metrics = metrics;
        this.limits = limits;
        this.transactions = transactions;
        this.counters = counters;
        this.outcomes = outcomes;
        this.endings = endings;
    }

    static boolean handles(ItemEvent event) {
        return event.batchId() != null && event.itemId() != null && (event instanceof ItemStarted
                || event instanceof ItemProgress || event instanceof ItemCompleted || event instanceof ItemFailed
                || event instanceof ItemRetrying);
    }

    void record(List<ItemEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // The first final event of an attempt wins; later ones in the same poll are dropped here,
        // later ones in later polls match no row.
        Map<String, ItemEvent> finals = new LinkedHashMap<>();
        for (ItemEvent event : events) {
            if (!(event instanceof ItemStarted || event instanceof ItemProgress)) {
                finals.putIfAbsent(attemptKey(event), event);
            }
        }
        // A fast item's item.started usually arrives in the same poll as its result: the final
        // update then records the start as well, and the row is written once instead of twice.
        List<ItemEvent> alive = new ArrayList<>();
        Map<String, Instant> startedWithFinal = new HashMap<>();
        for (ItemEvent event : events) {
            if (event instanceof ItemStarted || event instanceof ItemProgress) {
                String key = attemptKey(event);
                if (!finals.containsKey(key)) {
                    alive.add(event);
                } else if (event instanceof ItemStarted && event.occurredAt() != null) {
                    startedWithFinal.merge(key, event.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        List<ItemCompleted> completed = new ArrayList<>();
        List<ItemFailed> failed = new ArrayList<>();
        List<ItemRetrying> retrying = new ArrayList<>();
        for (ItemEvent event : finals.values()) {
            if (event instanceof ItemCompleted c) {
                completed.add(c);
            } else if (event instanceof ItemFailed f) {
                failed.add(f);
            } else if (event instanceof ItemRetrying r) {
                retrying.add(r);
            }
        }
        Function<ItemEvent, Instant> startedAt = event -> startedWithFinal.get(attemptKey(event));
        long start = System.nanoTime();
        TreeSet<UUID> batchIds = new TreeSet<>();
        events.forEach(event -> batchIds.add(event.batchId()));
        RecordMetrics.Recorded recorded = transactions.inTransaction(() -> {
            counters.lockInOrder(batchIds);
            outcomes.markStarted(alive);
            Map<UUID, CounterDelta> deltas = new HashMap<>();
            int done = add(deltas, outcomes.recordCompleted(completed, startedAt), CounterDelta::completedFromFlight);
            int lost = add(deltas, outcomes.recordFailed(failed, startedAt), CounterDelta::failedFromFlight);
            List<Requeued> requeued = outcomes.recordRetrying(retrying);
            int again = add(deltas, requeued.stream().map(Requeued::batchId).toList(), CounterDelta::requeuedFromFlight);
            counters.apply(deltas);
            limits.pushBack(requeued.stream().filter(r -> r.throttledUntil() != null)
                    .map(r -> new SharedLimits.Throttled(r.batchId(), r.throttledUntil())).toList());
            endings.completeFinished(deltas.keySet());
            endings.applyFailurePolicies(deltas.keySet());
            return new RecordMetrics.Recorded(done, lost, again);
        });
        // finished items make room in their batches' windows, retried ones are pending again
        wakeup.wake();
        metrics.recorded(recorded);
        log.debug("Recorded {} item events in {} ms", events.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * With the batch: a forged or misrouted event naming another batch and this item's id must not
     * shadow this batch's own result in the poll (it then matches no row, and the result was lost).
     */
    private static String attemptKey(ItemEvent event) {
        return event.batchId() + "/" + event.itemId() + "#" + event.attempt();
    }

    /** Returns how many item rows moved. */
    private static int add(Map<UUID, CounterDelta> deltas, List<UUID> movedBatchIds, LongFunction<CounterDelta> kind) {
        CounterDelta.perBatch(movedBatchIds, kind).forEach((batchId, delta) -> deltas.merge(batchId, delta,
                CounterDelta::plus));
        return movedBatchIds.size();
    }
}
