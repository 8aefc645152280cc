package io.batchpulse.deploy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault F9 of RELIABILITY.md on the three-broker cluster: a rebalance storm under load. Twice,
 * the workers go 3 → 1 → 5 and the gateways 2 → 1 → 2 (SIGTERM, then starts, in parallel), so
 * the workers' consumer group and the gateways' Streams group rebalance over and over while the
 * batch runs; then the two extra workers leave again. Viewers follow the gateway that stays or
 * resume on the other with their Last-Event-ID. Every item ends once, everywhere (I1–I5).
 * {@code -Dfaults.storms=N} sets how many storms a run makes.
 */
class RebalanceFaultIntegrationTests extends FaultIntegrationTest {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int STORMS = Integer.getInteger("faults.storms", 2);

    @TestFactory
    Stream<DynamicTest> workersAndGatewaysScalingInAndOutUnderLoadLoseNothingAndCountNothingTwice() {
        // 0 runs in verify (each takes minutes, and verify's budget is spent): deploy/chaos --fault F9
        return FaultRuns.of("F9 rebalance storm", 0, random -> {
            int total = 1_200;
            // 8 at once of 500 ms (75 s at best): the batch runs through the storms, each tens of seconds
            ObjectNode body = Batches.body("rebalance storm", total, 500, 0.05, 3, "PT10S");
            ((ObjectNode) body.path("options")).put("maxInFlight", 8);
            UUID batch = batches.create(body);
            List<ChildProcess> workers = cluster.workers();
            List<ChildProcess> gateways = cluster.gateways();
            List<URI> order = gateways.stream().map(cluster::url).toList();
            try (ViewerLog first = ViewerLog.resuming("viewer of the first gateway", order, batch, api.token());
                    ViewerLog second = ViewerLog.resuming("viewer of the second gateway",
                            List.of(order.get(1), order.get(0)), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(100));
                long faultAt = System.nanoTime();
                try {
                    storms(random, workers, gateways);
                } finally {
                    // a storm that failed half-way leaves the cluster as the next test expects it
                    Stream.concat(workers.stream(), gateways.stream()).filter(service -> !service.isAlive())
                            .forEach(cluster::restart);
                }
                return finish(batch, total, faultAt, first, second);
            }
        });
    }

    /** Workers 3 → 1 → 5 and gateways 2 → 1 → 2, STORMS times; the two extra workers leave after each. */
    private static void storms(Random random, List<ChildProcess> workers, List<ChildProcess> gateways) {
        for (int storm = 1; storm <= STORMS; storm++) {
            ChildProcess stays = workers.get(random.nextInt(workers.size()));
            List<ChildProcess> leaving = new ArrayList<>(workers);
            leaving.remove(stays);
            // never the first gateway: the API client of the test class talks to it
            ChildProcess gateway = gateways.get(1 + random.nextInt(gateways.size() - 1));
            leaving.add(gateway);
            System.out.println("F9 storm " + storm + ": " + leaving.size() + " services stop, " + stays.name()
                    + " is the one worker left");
            inParallel(leaving, service -> service.stop(STOP_GRACE));
            List<ChildProcess> added = new ArrayList<>();
            List<Runnable> starts = new ArrayList<>();
            leaving.forEach(service -> starts.add(() -> cluster.restart(service)));
            for (int extra = 0; extra < 2; extra++) {
                starts.add(() -> {
                    ChildProcess worker = cluster.addWorker(FreePorts.block(1));
                    synchronized (added) {
                        added.add(worker);
                    }
                });
            }
            inParallel(starts, Runnable::run);
            System.out.println("F9 storm " + storm + ": 5 workers, 2 gateways");
            inParallel(added, worker -> worker.stop(STOP_GRACE));
        }
    }

    private static <T> void inParallel(List<T> items, Consumer<T> action) {
        items.stream().map(item -> CompletableFuture.runAsync(() -> action.accept(item))).toList()
                .forEach(CompletableFuture::join);
    }
}
