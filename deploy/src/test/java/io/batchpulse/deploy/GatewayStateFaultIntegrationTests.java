package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault F3 of RELIABILITY.md on the three-broker cluster: a gateway's progress Streams app killed
 * (-9) during a burst of results with its state directory lost, so it restarts from nothing and
 * restores its stores from the changelogs; and the same for every gateway at once (chaos only by
 * default). Viewers of the restarted gateway come back to it with their Last-Event-ID: their
 * snapshots resume exact (I2) and never go back (I3, I4), and nothing is counted twice. Each run
 * notes the restore time: restart to ready (the Streams app RUNNING is part of readiness), and the
 * time the viewer went without events, from the end of its stream to its first event back.
 */
class GatewayStateFaultIntegrationTests extends FaultIntegrationTest {

    @TestFactory
    Stream<DynamicTest> aGatewayKilledWithItsStreamsStateLostRestoresItAndItsViewersResumeExact() {
        return FaultRuns.of("F3 gateway kill -9, state lost", 1, random -> {
            int total = 1_200;
            UUID batch = batches.create(Batches.body("gateway state lost", total, 40, 0.05, 3, "PT10S"));
            int index = random.nextInt(cluster.gateways().size());
            ChildProcess doomed = cluster.gateways().get(index);
            ChildProcess other = cluster.gateways().get(1 - index);
            try (ViewerLog returning = ViewerLog.resuming("viewer of the restarted gateway", List.of(cluster.url(doomed)),
                    batch, api.token());
                    ViewerLog staying = ViewerLog.watch("viewer of the other gateway", cluster.url(other), batch,
                            api.token())) {
                batches.awaitCompletedAtLeast(batch, 50 + random.nextInt(total / 2));
                System.out.println("F3: kill -9 of " + doomed.name() + " and its state dir");
                long faultAt = System.nanoTime();
                Duration ready = restartWithoutState(List.of(doomed));
                await("the viewer back on the restarted gateway").atMost(Batches.BATCH_TIMEOUT)
                        .until(() -> !returning.reconnects().isEmpty());
                FaultRuns.Row row = finish(batch, total, faultAt, returning, staying);
                return row.noting(restoreTimes(ready, returning));
            }
        });
    }

    /** The chaos command's: every gateway at once (FaultRuns' default of 0 keeps it out of verify). */
    @TestFactory
    Stream<DynamicTest> everyGatewayKilledWithItsStateLostRestoresAndViewersResumeExact() {
        return FaultRuns.of("F3 every gateway kill -9, state lost", 0, random -> {
            int total = 1_200;
            UUID batch = batches.create(Batches.body("every gateway state lost", total, 40, 0.05, 3, "PT10S"));
            List<URI> order = cluster.gateways().stream().map(cluster::url).toList();
            try (ViewerLog first = ViewerLog.resuming("viewer of the first gateway", order, batch, api.token());
                    ViewerLog second = ViewerLog.resuming("viewer of the second gateway", List.of(order.get(1), order.get(0)), batch,
                            api.token())) {
                batches.awaitCompletedAtLeast(batch, 50 + random.nextInt(total / 2));
                System.out.println("F3: kill -9 of every gateway and their state dirs");
                long faultAt = System.nanoTime();
                Duration ready = restartWithoutState(cluster.gateways());
                await("both viewers back").atMost(Batches.BATCH_TIMEOUT)
                        .until(() -> !first.reconnects().isEmpty() && !second.reconnects().isEmpty());
                FaultRuns.Row row = finish(batch, total, faultAt, first, second);
                return row.noting(restoreTimes(ready, first));
            }
        });
    }

    /**
     * Kills the gateways, deletes their Streams state and starts them again (in parallel); returns
     * the time from the start of the restart to the last of them ready.
     */
    private static Duration restartWithoutState(List<ChildProcess> gateways) {
        gateways.forEach(ChildProcess::kill);
        for (ChildProcess gateway : gateways) {
            DataDirectories.deleteQuietly(cluster.progressStateDir(gateway));
            assertThat(Files.exists(cluster.progressStateDir(gateway))).as("%s's state dir deleted", gateway.name())
                    .isFalse();
        }
        long restartAt = System.nanoTime();
        gateways.stream().map(gateway -> CompletableFuture.runAsync(() -> cluster.restart(gateway))).toList()
                .forEach(CompletableFuture::join);
        return Duration.ofNanos(System.nanoTime() - restartAt);
    }

    /** Restart to ready, and the viewer's time without events: each of its reconnects, added up. */
    private static String restoreTimes(Duration ready, ViewerLog viewer) {
        Duration away = viewer.reconnects().stream().reduce(Duration.ZERO, Duration::plus);
        String times = String.format("restart to ready %.1f s, viewer without events %.1f s",
                ready.toMillis() / 1000.0, away.toMillis() / 1000.0);
        System.out.println("F3: " + times);
        return times;
    }
}
