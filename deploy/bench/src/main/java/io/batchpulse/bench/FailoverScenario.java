package io.batchpulse.bench;

import io.batchpulse.deploy.ChildProcess;
import io.batchpulse.deploy.LocalCluster;
import io.batchpulse.events.batch.BatchCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * (9) One orchestrator of several killed (-9) in the middle of a batch it owns: the others take the
 * batch over. Reports the longest silence between two of the batch's item.dispatched events (the
 * dispatch gap: the group's session timeout, then the take-over), the batch's items/s across the
 * fault, and whether every item was counted once. Needs the embedded stack with --orchestrators 2
 * or more; the killed orchestrator is started again afterwards, under a new process id (so it runs
 * last: the CPU figures of later scenarios would miss it).
 */
final class FailoverScenario implements Scenario {

    static final String TARGET = "≤ 15 s";

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public ResultTable run(BenchContext context) {
        int items = context.options().items();
        ResultTable table = new ResultTable(name(), String.format("%,d-item batch, %d orchestrators, the batch's owner "
                + "killed at a third", items, context.options().orchestrators()));
        LocalCluster cluster = context.stack().cluster().orElse(null);
        if (cluster == null || cluster.orchestrators().size() < 2) {
            table.row("skipped", "", "", "needs the embedded stack and --orchestrators 2 or more");
            return table;
        }
        BatchSpec spec = new BatchSpec("bench failover", items, 0, context.options().maxInFlight(), null);
        UUID batchId = context.commands().submit(spec);
        context.commands().flush();
        context.awaitStarted(batchId, Duration.ofMinutes(10));
        context.tap().watchDispatches(batchId);
        long third = items / 3;
        while (context.api().batch(context.token(), batchId).path("completedItems").asLong() < third) {
            BenchContext.pause(Duration.ofMillis(100));
        }
        ChildProcess owner = cluster.ownerOf(batchId);
        Instant killedAt = Instant.now();
        owner.kill();
        BatchCompleted completed;
        try {
            completed = context.awaitCompletion(batchId, Duration.ofMinutes(30));
        } finally {
            cluster.restart(owner);
        }
        Duration gap = context.tap().longestDispatchGap(batchId);
        Instant firstDispatch = context.tap().firstDispatchAt(batchId);
        long runMs = Duration.between(firstDispatch, completed.occurredAt()).toMillis();
        double perSecond = items * 1000.0 / Math.max(1, runMs);
        context.tap().forget(batchId);

        table.row("longest dispatch gap (item.dispatched to item.dispatched)", String.format("%,d ms", gap.toMillis()),
                TARGET, "the owner, " + owner.name() + ", killed " + Duration.between(firstDispatch, killedAt).toMillis()
                        + " ms into the batch");
        table.row("items/s across the fault (first dispatch → batch.completed)", String.format("%,.0f", perSecond), "",
                String.format("%,d items in %,d ms", items, runMs));
        table.row("counted once", completed.completed() == items && completed.failed() == 0 ? "yes" : "NO", "yes",
                String.format("batch.completed: %s, %,d completed, %,d failed", completed.status(), completed.completed(),
                        completed.failed()));
        table.data("items", items).data("dispatchGapMs", gap.toMillis()).data("itemsPerSecond", perSecond)
                .data("killed", owner.name()).data("completed", completed.completed()).data("failed", completed.failed());
        return table;
    }
}
