package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemStarted;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Faults F1 and F1z of RELIABILITY.md on the three-broker cluster with three workers: a worker
 * killed at a random point of a batch, and a worker frozen (SIGSTOP) for longer than its items'
 * lease that then comes back (SIGCONT) and sends its late results. Either way every item ends
 * once, everywhere (see {@link FaultRuns} for seeds and repetitions).
 */
class WorkerFaultIntegrationTests extends FaultIntegrationTest {

    @TestFactory
    Stream<DynamicTest> aWorkerKilledAtARandomPointLosesNoItemAndCountsNoneTwice() {
        return FaultRuns.of("F1 worker kill -9", 1, random -> {
            int total = 1_500;
            UUID batch = batches.create(Batches.body("worker dies", total, 40, 0.05, 3, "PT5S"));
            ChildProcess worker = cluster.workers().get(random.nextInt(cluster.workers().size()));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                int at = 50 + random.nextInt(total / 2);
                batches.awaitCompletedAtLeast(batch, at);
                System.out.println("F1: kill -9 of " + worker.name() + " at " + at + " completed");
                long faultAt = System.nanoTime();
                worker.kill();
                try {
                    batches.await(batch, "a final status", view -> view.path("finishedAt").isString());
                } finally {
                    cluster.restart(worker);
                }
                return finish(batch, total, faultAt, viewer);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> aWorkerFrozenLongerThanItsLeaseComesBackAndItsLateResultsAreIgnored() {
        return FaultRuns.of("F1z worker SIGSTOP", 0, random -> {
            int total = 3_000;
            // items of 300 ms and a lease of 2 s: a worker frozen for longer holds leased items that expire
            UUID batch = batches.create(Batches.body("worker freezes", total, 300, 0.0, 3, "PT2S"));
            ChildProcess worker = cluster.workers().get(random.nextInt(cluster.workers().size()));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(200));
                long faultAt = System.nanoTime();
                Set<String> held;
                try {
                    held = freezeHolding(worker, batch);
                    System.out.println("F1z: " + worker.name() + " frozen holding " + held.size() + " started attempts");
                    // the others go on, and what the frozen one held expires and runs again
                    await("an attempt the frozen worker held run again elsewhere").atMost(Duration.ofSeconds(60))
                            .until(() -> !HeldAttempts.ranAgain(held, batches.events(batch)).isEmpty());
                    int completed = batches.api().batch(batch).path("completedItems").asInt();
                    batches.awaitCompletedAtLeast(batch, Math.min(total, completed + 50));
                } finally {
                    worker.thaw();
                    System.out.println("F1z: SIGCONT of " + worker.name());
                }
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                assertThat(row.outcome().maxAttempt()).as("items the frozen worker held ran again").isGreaterThan(1);
                return row.noting(held.size() + " started attempts held by the frozen worker");
            }
        });
    }

    /**
     * Freezes the worker at a moment it holds started attempts (item.started sent, no result yet):
     * one frozen between two polls holds none, and its undelivered dispatches only move with its
     * partitions, so it is thawed and frozen again. Read once the group has dropped the worker, by
     * when everything it sent before the freeze is on the topic.
     */
    private static Set<String> freezeHolding(ChildProcess worker, UUID batch) {
        int members = GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS);
        for (int tries = 1; ; tries++) {
            System.out.println("F1z: SIGSTOP of " + worker.name());
            worker.freeze();
            await(worker.name() + " dropped from the workers' group").atMost(GROUP_TIMEOUT)
                    .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS) < members);
            Set<String> held = HeldAttempts.of(worker.name(), batches.events(batch));
            if (!held.isEmpty()) {
                return held;
            }
            assertThat(tries).as("freezes of " + worker.name() + " that caught it holding nothing").isLessThan(3);
            worker.thaw();
            System.out.println("F1z: " + worker.name() + " held nothing; thawed to be frozen again");
            await(worker.name() + " back in the workers' group").atMost(GROUP_TIMEOUT)
                    .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS) == members);
            int completed = batches.api().batch(batch).path("completedItems").asInt();
            batches.awaitCompletedAtLeast(batch, completed + 30);
        }
    }
}
