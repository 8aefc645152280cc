package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
        return FaultRuns.of("F1 worker kill -9", 2, random -> {
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
        return FaultRuns.of("F1z worker SIGSTOP", 1, random -> {
            int total = 1_200;
            // items of 300 ms and a lease of 2 s: a worker frozen for longer holds leased items that expire
            UUID batch = batches.create(Batches.body("worker freezes", total, 300, 0.0, 3, "PT2S"));
            ChildProcess worker = cluster.workers().get(random.nextInt(cluster.workers().size()));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(200));
                System.out.println("F1z: SIGSTOP of " + worker.name());
                long faultAt = System.nanoTime();
                worker.freeze();
                try {
                    // the others go on, and what the frozen one held expires and runs again
                    int completed = batches.api().batch(batch).path("completedItems").asInt();
                    batches.awaitCompletedAtLeast(batch, Math.min(total, completed + 150));
                } finally {
                    worker.thaw();
                    System.out.println("F1z: SIGCONT of " + worker.name());
                }
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                assertThat(row.outcome().maxAttempt()).as("items the frozen worker held ran again").isGreaterThan(1);
                return row;
            }
        });
    }
}
