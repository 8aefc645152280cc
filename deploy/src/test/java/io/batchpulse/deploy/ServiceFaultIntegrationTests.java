package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.item.ItemDispatched;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Faults F2 and F4 of RELIABILITY.md on the three-broker cluster: the orchestrator that owns a
 * batch killed (-9) at a random point of it, restarted at once or left down while the other takes
 * its batches over, and a gateway killed (-9) while viewers watch through it. Either way every item
 * ends once, everywhere; the outbox drains; the survivor dispatches again within 15 s; a viewer of
 * the dead gateway resumes on the other with its Last-Event-ID and misses nothing (see
 * {@link FaultRuns} for seeds and repetitions).
 */
class ServiceFaultIntegrationTests extends FaultIntegrationTest {

    @TestFactory
    Stream<DynamicTest> theOrchestratorKilledMidBatchDispatchesEveryItemAfterItsRestartAndCountsNoneTwice() {
        return FaultRuns.of("F2 orchestrator kill -9", 1, random -> {
            int total = 1_500;
            UUID batch = batches.create(Batches.body("orchestrator dies", total, 40, 0.05, 3, "PT10S"));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                int at = 50 + random.nextInt(total / 2);
                batches.awaitCompletedAtLeast(batch, at);
                ChildProcess owner = cluster.ownerOf(batch);
                System.out.println("F2: kill -9 of " + owner.name() + ", the batch's owner, at " + at + " completed");
                long faultAt = System.nanoTime();
                owner.kill();
                cluster.restart(owner);
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                await("the outbox drained").atMost(Duration.ofSeconds(30)).until(batches::outboxBacklog, rows -> rows == 0);
                return row;
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> anOwnerKilledAndLeftDownHasTheOtherOrchestratorDispatchItsBatchWithinFifteenSeconds() {
        return FaultRuns.of("F2 owner kill -9, left down", 1, random -> {
            int total = 1_500;
            UUID batch = batches.create(Batches.body("owner dies", total, 40, 0.05, 3, "PT10S"));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 50 + random.nextInt(total / 3));
                ChildProcess owner = cluster.ownerOf(batch);
                System.out.println("F2: kill -9 of " + owner.name() + ", the batch's owner; it stays down");
                long faultAt = System.nanoTime();
                Instant killedAt = Instant.now();
                owner.kill();
                FaultRuns.Row row;
                try {
                    row = finish(batch, total, faultAt, viewer);
                    await("the outbox drained").atMost(Duration.ofSeconds(30)).until(batches::outboxBacklog, rows -> rows == 0);
                } finally {
                    cluster.restart(owner);
                }
                Duration gap = Duration.between(killedAt, batches.events(batch).stream()
                        .filter(e -> e instanceof ItemDispatched && e.occurredAt().isAfter(killedAt))
                        .map(BatchEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow());
                System.out.println("F2: the survivor dispatched " + gap.toMillis() + " ms after the kill");
                assertThat(gap).as("dispatch gap").isLessThan(Duration.ofSeconds(15));
                return row;
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> aGatewayKilledUnderItsViewersHasThemResumeOnTheOtherWithNoGap() {
        return FaultRuns.of("F4 gateway kill -9", 1, random -> {
            int total = 1_200;
            UUID batch = batches.create(Batches.body("gateway dies", total, 40, 0.05, 3, "PT10S"));
            ChildProcess doomed = cluster.gateways().get(0);
            ChildProcess survivor = cluster.gateways().get(1);
            List<URI> order = List.of(cluster.url(doomed), cluster.url(survivor));
            try (ViewerLog moving = ViewerLog.resuming("viewer of the killed gateway", order, batch, api.token());
                    ViewerLog staying = ViewerLog.watch("viewer of the other gateway", cluster.url(survivor), batch,
                            api.token())) {
                batches.awaitCompletedAtLeast(batch, 50 + random.nextInt(total / 2));
                System.out.println("F4: kill -9 of " + doomed.name());
                long faultAt = System.nanoTime();
                doomed.kill();
                try {
                    await("the viewer resumed elsewhere").atMost(Duration.ofSeconds(60))
                            .until(() -> !moving.reconnects().isEmpty());
                } finally {
                    cluster.restart(doomed);
                }
                FaultRuns.Row row = finish(batch, total, faultAt, moving, staying);
                List<BatchEventLog.Logged> topic = batches.logged(batch);
                moving.assertNoGap(topic);
                staying.assertNoGap(topic);
                assertThat(moving.reconnects()).as("reconnects of the viewer of the killed gateway").isNotEmpty();
                return row;
            }
        });
    }
}
