package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.testsupport.sse.SseClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault F7 of RELIABILITY.md: the network between services, broken by proxies on loopback
 * ({@link NetworkProxies}) during one batch, at random points. (a) A worker's link to the brokers
 * stalls until its group drops it (10 s session timeout): its partitions move, its late results
 * are ignored. (b) A gateway's link stalls until its progress app leaves its group (45 s): its
 * viewers keep getting heartbeats and catch up exactly afterwards. (c) The orchestrators' link to
 * PostgreSQL is cut: the API answers 503 meanwhile, a batch created meanwhile is whole or absent,
 * and everything converges (see {@link FaultRuns} for seeds and repetitions).
 */
class NetworkFaultIntegrationTests extends FaultIntegrationTest {

    /** The gateway's default heartbeat, and what a loaded machine may add to it. */
    private static final Duration HEARTBEAT_GAP = Duration.ofSeconds(15 + 10);
    private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(120);
    private static final int CREATED_DURING_CUT_ITEMS = 50;

    @TestFactory
    Stream<DynamicTest> aStalledWorkerAStalledGatewayAndACutDatabaseLoseNothingAndViewersKeepTheirHeartbeats() {
        return FaultRuns.of("F7 network stall and cut", 1, random -> {
            NetworkProxies network = FaultCluster.network();
            int total = 1_000 + random.nextInt(501);
            ObjectNode body = Batches.body("network faults", total, 300, 0.05, 3, "PT5S");
            // a few at once, so the batch outlasts the gateway's 45 s in the dark
            ((ObjectNode) body.get("options")).put("maxInFlight", 8);
            UUID batch = batches.create(body);
            URI cutGateway = cluster.url(cluster.gateways().get(1));
            try (ViewerLog dark = ViewerLog.resuming("viewer of the stalled gateway", List.of(cutGateway), batch, api.token());
                    ViewerLog lit = ViewerLog.watch("viewer of the other gateway", cluster.gatewayUrl(), batch, api.token())) {
                int gateways = GroupMembers.of(cluster.bootstrapServers(), GroupMembers.PROGRESS);
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(total / 5));
                System.out.println("F7b: " + network.gateway().name() + " stalls");
                long faultAt = System.nanoTime();
                network.gateway().stall();
                String note;
                try {
                    note = workerStalled(network, batch, total, random) + "; " + databaseCut(network, batch, total, random);
                    await(NetworkProxies.GATEWAY + " left the progress app's group").atMost(GROUP_TIMEOUT)
                            .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.PROGRESS) < gateways);
                } finally {
                    network.gateway().heal();
                }
                long healedAt = System.nanoTime();
                System.out.println("F7b: " + network.gateway().name() + " healed");
                Duration gap = longestSilence(dark, faultAt, healedAt);
                assertThat(gap).as("the stalled gateway's viewer went without an event (heartbeats included)")
                        .isLessThanOrEqualTo(HEARTBEAT_GAP);
                FaultRuns.Row row = finish(batch, total, faultAt, dark, lit);
                dark.assertNoGap(batches.logged(batch));
                int takenIn = assertCreatedDuringTheCutIsWholeOrAbsent(batch);
                await("the stalled services back in their groups").atMost(GROUP_TIMEOUT).until(() ->
                        GroupMembers.of(cluster.bootstrapServers(), GroupMembers.PROGRESS) == gateways);
                return row.noting(note + String.format("; batches of the cut taken in after it, whole: %d"
                        + "; gateway stalled %.1f s, its viewer's longest silence %.1f s",
                        takenIn, (healedAt - faultAt) / 1e9, gap.toMillis() / 1000.0));
            }
        });
    }

    /** (a): until the group drops the worker, then healed; what it held runs again elsewhere. */
    private static String workerStalled(NetworkProxies network, UUID batch, int total, Random random) {
        int workers = GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS);
        awaitFurther(batch, total, 20 + random.nextInt(100));
        System.out.println("F7a: " + network.worker().name() + " stalls");
        long stalledAt = System.nanoTime();
        network.worker().stall();
        try {
            await(NetworkProxies.WORKER + " left the workers' group").atMost(GROUP_TIMEOUT)
                    .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS) < workers);
        } finally {
            network.worker().heal();
        }
        double stalled = (System.nanoTime() - stalledAt) / 1e9;
        System.out.println("F7a: " + network.worker().name() + " healed after " + stalled + " s");
        await(NetworkProxies.WORKER + " back in the workers' group").atMost(GROUP_TIMEOUT)
                .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS) == workers);
        return String.format("worker stalled %.1f s", stalled);
    }

    /**
     * (c): reads answer 503 quickly while PostgreSQL is cut off, and a batch created meanwhile is
     * either refused or, once the link is back, there in full and finished exactly.
     */
    private static String databaseCut(NetworkProxies network, UUID batch, int total, Random random) throws Exception {
        awaitFurther(batch, total, 20 + random.nextInt(100));
        System.out.println("F7c: " + network.postgres().name() + " cut");
        long cutAt = System.nanoTime();
        network.postgres().cut();
        ApiClient.Response createdMeanwhile;
        Duration firstRefusal;
        try {
            await("reads answer 503 while PostgreSQL is cut off").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long asked = System.nanoTime();
                ApiClient.Response read = api.get("/api/v1/batches/" + batch);
                assertThat(read.status()).as("a read while PostgreSQL is cut off").isEqualTo(503);
                assertThat(read.body().path("error").path("code").asString()).isEqualTo("UNAVAILABLE");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered, not hung").isLessThan(Duration.ofSeconds(15));
            });
            firstRefusal = Duration.ofNanos(System.nanoTime() - cutAt);
            createdMeanwhile = api.createBatch(Batches.body(createdDuringCut(batch), CREATED_DURING_CUT_ITEMS, 10, 0.0, 3, "PT30S"));
        } finally {
            network.postgres().heal();
        }
        System.out.println("F7c: healed; a create meanwhile answered " + createdMeanwhile.status());
        assertThat(createdMeanwhile.status()).as("a create while PostgreSQL is cut off").isIn(201, 503);
        return String.format("first 503 %.1f s after the cut, a create meanwhile answered %d", firstRefusal.toMillis() / 1000.0,
                createdMeanwhile.status());
    }

    /**
     * A batch created while PostgreSQL was cut off, if the orchestrator took it in after all: it
     * is whole (every item there) and finishes exactly. Checked once the main batch is over, so
     * the create's commands have long been read.
     */
    private static int assertCreatedDuringTheCutIsWholeOrAbsent(UUID batch) throws Exception {
        List<UUID> created = api.get("/api/v1/batches?size=50").data().path("content").valueStream()
                .filter(view -> view.path("name").asString().equals(createdDuringCut(batch)))
                .map(view -> UUID.fromString(view.path("id").asString())).toList();
        assertThat(created).as("batches created while PostgreSQL was cut off").hasSizeLessThanOrEqualTo(1);
        for (UUID id : created) {
            batches.await(id, "a final status", view -> view.path("finishedAt").isString());
            Invariants.assertExact(batches, id, CREATED_DURING_CUT_ITEMS, List.of());
        }
        System.out.println("F7c: batches created during the cut and taken in after it: " + created.size());
        return created.size();
    }

    private static String createdDuringCut(UUID batch) {
        return "created while PostgreSQL is cut off, beside " + batch;
    }

    private static void awaitFurther(UUID batch, int total, int more) {
        int completed = batches.api().batch(batch).path("completedItems").asInt();
        batches.awaitCompletedAtLeast(batch, Math.min(total, completed + more));
    }

    /** The longest time between the viewer's events (or the window's ends) from {@code from} to {@code to}. */
    private static Duration longestSilence(ViewerLog viewer, long from, long to) {
        long last = from;
        long longest = 0;
        for (SseClient.Event event : viewer.events()) {
            long at = event.receivedNanos();
            if (at > from && at < to) {
                longest = Math.max(longest, at - last);
                last = at;
            }
        }
        return Duration.ofNanos(Math.max(longest, to - last));
    }
}
