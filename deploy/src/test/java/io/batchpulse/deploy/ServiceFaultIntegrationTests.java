package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.item.ItemDispatched;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Faults F2 and F4 of RELIABILITY.md on the three-broker cluster: the orchestrator that owns a
 * batch killed (-9) at a random point of it, restarted at once or left down while the other takes
 * its batches over, or halted at chosen points between two writes, and a gateway killed (-9) while viewers watch through it. Either way every item
 * ends once, everywhere; the outbox drains; the survivor dispatches again within 15 s; a viewer of
 * the dead gateway resumes on the other with its Last-Event-ID and misses nothing (see
 * {@link FaultRuns} for seeds and repetitions).
 */
class ServiceFaultIntegrationTests extends FaultIntegrationTest {

    private static final int CLAIMED_ITEMS = 300;
    private static final int EXPIRING_ITEMS = 6;
    private static final List<String> FAULT_POINTS = List.of("command-applied", "outbox-sent", "items-claimed",
            "results-recorded", "leases-expired");

    @TestFactory
    Stream<DynamicTest> theOrchestratorKilledMidBatchDispatchesEveryItemAfterItsRestartAndCountsNoneTwice() {
        return FaultRuns.of("F2 orchestrator kill -9", 0, random -> {
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

    /**
     * F2 at chosen points: a random kill seldom lands between two writes milliseconds apart, so the
     * orchestrators' fault points halt one (as kill -9 would) exactly there, and it is restarted at
     * once: after a command (pause) was applied but before its offset was committed; after an outbox
     * page (the resume's batch.resumed) was acknowledged but before its rows were deleted; and, on
     * a second batch, after the dispatcher's first claims committed but before their records were
     * sent; on a third, after a poll of results was recorded but before its offsets were committed;
     * on a fourth, whose items outlast their lease, after the lease sweep requeued them but before
     * the expiries were relayed. The pause and the resume take effect once each, every item of
     * every batch ends once everywhere, and the outbox drains.
     */
    @TestFactory
    Stream<DynamicTest> anOrchestratorHaltedBetweenTwoWritesAppliesEveryCommandOnceAndLosesNoItem() {
        return FaultRuns.of("F2 orchestrator halted at chosen points", 0, random -> {
            try {
                int total = 1_500;
                UUID batch = batches.create(Batches.body("halted at chosen points", total, 40, 0.05, 3, "PT10S"));
                try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                    batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(200));
                    long faultAt = System.nanoTime();

                    // armed on both: whichever is the batch's owner (or relays the outbox) at that moment halts
                    armEvery("command-applied");
                    ApiClient.Response pause = api.control(batch, "pause");
                    System.out.println("F2 points: " + restartHalted("command-applied") + " halted once the pause was"
                            + " applied (answered " + pause.status() + ")");
                    batches.awaitStatus(batch, "paused");

                    armEvery("outbox-sent");
                    assertThat(api.control(batch, "resume").status()).as("resume").isIn(200, 202);
                    System.out.println("F2 points: " + restartHalted("outbox-sent") + " halted once the outbox page"
                            + " was acknowledged");

                    FaultRuns.Row row = finish(batch, total, faultAt, viewer);

                    // batches of their own, so that there is work to reach each point whatever the restarts took
                    haltedOnABatchOfItsOwn("items-claimed", "once it had claimed items",
                            Batches.body("halted with its first claims", CLAIMED_ITEMS, 40, 0.05, 3, "PT10S"), CLAIMED_ITEMS);
                    // whichever records a poll of results next halts before its offsets are committed:
                    // the poll is read again, by it or by the other, and counts once
                    haltedOnABatchOfItsOwn("results-recorded", "once it had recorded results",
                            Batches.body("halted with results recorded", CLAIMED_ITEMS, 40, 0.05, 3, "PT10S"), CLAIMED_ITEMS);
                    // items of 1.5-4.5 s on a 1 s lease: the owner halts once its sweep has requeued the
                    // first that expired, before the expiries left its outbox (later attempts may finish
                    // in time while the lease sweep waits for the recorder to catch up)
                    haltedOnABatchOfItsOwn("leases-expired", "once leases had expired",
                            Batches.body("halted with leases expired", EXPIRING_ITEMS, 3_000, 0.0, 2, "PT1S"), EXPIRING_ITEMS);

                    await("the outbox drained").atMost(Duration.ofSeconds(30)).until(batches::outboxBacklog, rows -> rows == 0);
                    List<BatchEvent> events = batches.events(batch);
                    for (Class<? extends BatchEvent> once : List.of(BatchPaused.class, BatchResumed.class)) {
                        assertThat(events.stream().filter(once::isInstance).map(BatchEvent::eventId).distinct().count())
                                .as("distinct %s events", once.getSimpleName()).isEqualTo(1);
                    }
                    long resent = events.stream().filter(BatchResumed.class::isInstance).count() - 1;
                    return row.noting("pause answered " + pause.status() + "; batch.resumed sent again " + resent
                            + " time(s) after the relay's halt");
                }
            } finally {
                restoreOrchestrators();
            }
        });
    }

    /** After a run, passed or failed: every orchestrator up with nothing armed, so that the next run starts whole. */
    private static void restoreOrchestrators() {
        for (ChildProcess orchestrator : cluster.orchestrators()) {
            FAULT_POINTS.forEach(point -> FaultPoints.disarm(cluster, orchestrator, point));
            if (!orchestrator.isAlive()) {
                cluster.restart(orchestrator);
            }
        }
    }

    /**
     * Arms the point on both orchestrators, creates a batch that brings one of them there, restarts
     * whoever halted, and checks the batch exact once it has ended.
     */
    private static void haltedOnABatchOfItsOwn(String point, String what, ObjectNode body, int items)
            throws SQLException {
        armEvery(point);
        UUID batch = batches.create(body);
        System.out.println("F2 points: " + restartHalted(point) + " halted " + what);
        batches.await(batch, "a final status", view -> view.path("finishedAt").isString());
        Invariants.assertExact(batches, batch, items, List.of());
    }

    private static void armEvery(String point) {
        cluster.orchestrators().forEach(orchestrator -> FaultPoints.arm(cluster, orchestrator, point));
    }

    /**
     * Waits until an orchestrator has halted at the point, disarms it on the others at once (a
     * survivor that takes the work over would reach it too), and restarts every one that halted.
     */
    private static List<String> restartHalted(String point) {
        List<ChildProcess> orchestrators = cluster.orchestrators();
        await("an orchestrator halted at " + point).atMost(Duration.ofSeconds(90))
                .until(() -> orchestrators.stream().anyMatch(orchestrator -> !orchestrator.isAlive()));
        orchestrators.forEach(orchestrator -> FaultPoints.disarm(cluster, orchestrator, point));
        List<ChildProcess> halted = orchestrators.stream().filter(orchestrator -> !orchestrator.isAlive()).toList();
        halted.forEach(cluster::restart);
        return halted.stream().map(ChildProcess::name).toList();
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
