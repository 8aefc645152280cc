package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.testsupport.TopicReads;
import io.batchpulse.testsupport.net.Direction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault F7 of RELIABILITY.md: the network between services, broken by proxies on loopback
 * ({@link NetworkProxies}) during one batch, at random points. (a) A worker's link to the brokers
 * stalls until its group drops it (10 s session timeout): its partitions move, its late results
 * are ignored. (b) A gateway's link stalls until its progress app leaves its group (45 s): its
 * viewers keep getting heartbeats and catch up exactly afterwards. (c) The orchestrators' link to
 * PostgreSQL is cut: the API answers 503 meanwhile, a batch created meanwhile is whole or absent,
 * and everything converges. F7-owner: a batch owner's link to the brokers stalls, and the other
 * orchestrator carries the batch on. F7-oneway: a worker's replies from the brokers are lost while its
 * requests arrive (see {@link FaultRuns} for seeds and repetitions).
 */
class NetworkFaultIntegrationTests extends FaultIntegrationTest {

    private static final int CREATED_DURING_CUT_ITEMS = 50;

    @TestFactory
    Stream<DynamicTest> aStalledWorkerAStalledGatewayAndACutDatabaseLoseNothingAndViewersKeepTheirHeartbeats() {
        return FaultRuns.of("F7 network stall and cut", 0, random -> {
            NetworkProxies network = FaultCluster.network();
            int total = 1_000 + random.nextInt(501);
            ObjectNode body = Batches.body("network faults", total, 250, 0.05, 3, "PT5S");
            // fewer at once, so the batch still runs when the worker's and the database's links break
            ((ObjectNode) body.get("options")).put("maxInFlight", 12);
            UUID batch = batches.create(body);
            URI cutGateway = cluster.url(cluster.gateways().get(1));
            try (ViewerLog dark = ViewerLog.resuming("viewer of the stalled gateway", List.of(cutGateway), batch, api.token());
                    ViewerLog lit = ViewerLog.watch("viewer of the other gateway", cluster.gatewayUrl(), batch, api.token())) {
                int gateways = GroupMembers.of(cluster.bootstrapServers(), GroupMembers.PROGRESS);
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(total / 5));
                System.out.println("F7b: " + network.gateway().name() + " stalls");
                long faultAt = System.nanoTime();
                network.gateway().stall();
                String stalledWorker;
                Cut cut;
                try {
                    stalledWorker = workerStalled(network, batch, total, random);
                    cut = databaseCut(network, batch, total, random);
                    await(NetworkProxies.GATEWAY + " left the progress app's group").atMost(GROUP_TIMEOUT)
                            .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.PROGRESS) < gateways);
                } finally {
                    network.gateway().heal();
                }
                long healedAt = System.nanoTime();
                System.out.println("F7b: " + network.gateway().name() + " healed");
                Duration gap = dark.longestSilence(faultAt, healedAt);
                assertThat(gap).as("the stalled gateway's viewer went without an event (heartbeats included)")
                        .isLessThanOrEqualTo(ViewerLog.HEARTBEAT_GAP);
                FaultRuns.Row row = finish(batch, total, faultAt, dark, lit);
                dark.assertNoGap(batches.logged(batch));
                String createdDuringCut = assertWholeOrAbsent(cut.created());
                long late = lateResultsOf(NetworkProxies.WORKER, batch);
                await("the stalled services back in their groups").atMost(GROUP_TIMEOUT).until(() ->
                        GroupMembers.of(cluster.bootstrapServers(), GroupMembers.PROGRESS) == gateways);
                return row.noting(String.format("%s, %d of its results not their item's outcome (late, ignored); %s, %s;"
                        + " gateway stalled %.1f s, its viewer's longest silence %.1f s", stalledWorker, late, cut.note(),
                        createdDuringCut, (healedAt - faultAt) / 1e9, gap.toMillis() / 1000.0));
            }
        });
    }

    /**
     * F7-dark (deploy/chaos only): the orchestrators' link to PostgreSQL goes dark (a stall: open
     * sockets that carry nothing, as in a partition, where a cut would reset them) while a worker's
     * link to the brokers is slow. Reads answer 503 within the gateway's read timeout, not hang,
     * and the batch converges once the link is back.
     */
    @TestFactory
    Stream<DynamicTest> aDatabaseLinkGoneDarkBesideASlowWorkerLinkAnswers503AndLosesNothing() {
        return FaultRuns.of("F7-dark PostgreSQL stalled, worker link slow", 0, random -> {
            NetworkProxies network = FaultCluster.network();
            int total = 1_000 + random.nextInt(501);
            UUID batch = batches.create(Batches.body("database link dark", total, 40, 0.05, 3, "PT10S"));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(total / 4));
                Duration latency = Duration.ofMillis(100 + random.nextInt(400));
                System.out.println("F7-dark: " + network.worker().name() + " delayed by " + latency.toMillis() + " ms");
                network.worker().delay(latency);
                long faultAt = System.nanoTime();
                AtomicInteger refusals = new AtomicInteger();
                long darkAt;
                Duration dark;
                try {
                    awaitFurther(batch, total, 20 + random.nextInt(200));
                    System.out.println("F7-dark: " + network.postgres().name() + " stalls");
                    darkAt = System.nanoTime();
                    network.postgres().stall();
                    try {
                        // three refusals: the link stays dark for a while, and each read is answered in time
                        await("three reads answered 503 while PostgreSQL is dark").atMost(Duration.ofSeconds(90))
                                .untilAsserted(() -> {
                                    assertRefusedInTime(batch);
                                    assertThat(refusals.incrementAndGet()).isGreaterThanOrEqualTo(3);
                                });
                    } finally {
                        network.postgres().heal();
                    }
                    dark = Duration.ofNanos(System.nanoTime() - darkAt);
                    System.out.println("F7-dark: " + network.postgres().name() + " healed after " + dark);
                } finally {
                    network.worker().heal();
                }
                return finish(batch, total, faultAt, viewer).noting(String.format("worker link delayed %d ms; PostgreSQL dark %.1f s, %d reads refused",
                        latency.toMillis(), dark.toMillis() / 1000.0, refusals.get()));
            }
        });
    }

    /**
     * F7-owner: the link between a batch's owner and the brokers stalls, while its link to PostgreSQL
     * stays up: a partition, not a crash. The command group drops the owner after its session
     * timeout, and the other orchestrator takes the batch over, fenced by the owner epoch in
     * PostgreSQL, and dispatches it within 15 s of the stall. When the link heals, what the
     * ex-owner had buffered reaches the brokers late; every item still ends once, everywhere.
     * Meanwhile the batch moves on and a batch created meanwhile runs: the ex-owner's outbox
     * relay, which cannot be acknowledged, must not keep the lock every dispatch tick takes.
     * Read from item-dispatch itself (its sender header): when the new owner's first record was
     * sent, and the (item, attempt) pairs both owners sent.
     */
    @TestFactory
    Stream<DynamicTest> anOwnerCutOffFromTheBrokersLosesItsBatchToTheOtherAndNothingIsCountedTwice() {
        return FaultRuns.of("F7-owner the owner's link to the brokers stalled", 0, random -> {
            NetworkProxies network = FaultCluster.network();
            int total = 1_000 + random.nextInt(501);
            UUID batch = batchOwnedBy(NetworkProxies.ORCHESTRATOR, total);
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(total / 4));
                System.out.println("F7-owner: " + network.orchestrator().name() + ", the batch's owner, stalls");
                long faultAt = System.nanoTime();
                Instant stalledAt = Instant.now();
                UUID createdDuringStall;
                network.orchestrator().stall();
                try {
                    await("the other orchestrator owns the batch").atMost(GROUP_TIMEOUT)
                            .until(() -> !cluster.ownerOf(batch).name().equals(NetworkProxies.ORCHESTRATOR));
                    // and goes on at its pace while the ex-owner is still cut off, a new batch too: its
                    // batch.started goes through the outbox, and a relay that cannot reach the brokers
                    // must not keep the outbox lock, which every dispatch tick takes
                    int completed = batches.api().batch(batch).path("completedItems").asInt();
                    int further = Math.min(total, completed + 200);
                    createdDuringStall = batches.create(
                            Batches.body("created while the ex-owner is cut off", CREATED_DURING_CUT_ITEMS, 40, 0.0, 3, "PT10S"));
                    UUID created = createdDuringStall;
                    await("200 more items, and a batch created meanwhile, done within 30 s under the new owner")
                            .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> batches.api().batch(batch).path("completedItems").asInt() >= further
                                    && batches.api().batch(created).path("finishedAt").isString());
                } finally {
                    network.orchestrator().heal();
                }
                double stalled = (System.nanoTime() - faultAt) / 1e9;
                System.out.println("F7-owner: " + network.orchestrator().name() + " healed after " + stalled + " s");
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                Invariants.assertExact(batches, createdDuringStall, CREATED_DURING_CUT_ITEMS, List.of());
                await("the outbox drained").atMost(Duration.ofSeconds(30)).until(batches::outboxBacklog, rows -> rows == 0);
                List<Sent> sent = dispatchesOf(batch);
                Duration gap = Duration.between(stalledAt, sent.stream()
                        .filter(record -> !record.sender().equals(NetworkProxies.ORCHESTRATOR) && record.at().isAfter(stalledAt))
                        .map(Sent::at).min(Comparator.naturalOrder()).orElseThrow());
                System.out.println("F7-owner: the other orchestrator dispatched " + gap.toMillis() + " ms after the stall");
                assertThat(gap).as("dispatch gap").isLessThan(Duration.ofSeconds(15));
                long twice = sent.stream().collect(Collectors.groupingBy(Sent::attempt,
                        Collectors.mapping(Sent::sender, Collectors.toSet()))).values().stream()
                        .filter(senders -> senders.size() > 1).count();
                System.out.println("F7-owner: " + twice + " (item, attempt) pairs sent by both owners");
                // the new owner's take-over fenced the ex-owner's dispatch producer: what it still had
                // buffered when the link healed was aborted, so no item runs twice
                assertThat(twice).as("(item, attempt) pairs sent by both owners, read read_committed").isZero();
                return row.noting(String.format("owner stalled %.1f s, the other dispatched %.1f s after the stall;"
                        + " %d (item, attempt) pairs sent by both", stalled, gap.toMillis() / 1000.0, twice));
            }
        });
    }

    /**
     * F7-oneway: an asymmetric partition. A worker's requests reach the brokers, their replies never
     * come back: its results and its transactions' commits may land without it knowing, and its
     * heartbeats keep it in the group until its requests time out. The group drops it in the end,
     * the other workers take its partitions and the items it held run again after their lease;
     * after the heal every item is counted once, everywhere.
     */
    @TestFactory
    Stream<DynamicTest> aWorkerWhoseRepliesAreLostIsDroppedAndNothingIsCountedTwice() {
        return FaultRuns.of("F7-oneway a worker's replies from the brokers lost", 0, random -> {
            NetworkProxies network = FaultCluster.network();
            int total = 1_000 + random.nextInt(501);
            UUID batch = batches.create(Batches.body("replies lost", total, 40, 0.05, 3, "PT10S"));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                int workers = GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS);
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(total / 4));
                System.out.println("F7-oneway: " + network.worker().name() + " gets no replies");
                long faultAt = System.nanoTime();
                network.worker().stall(Direction.FROM_TARGET);
                double dropped;
                try {
                    await(NetworkProxies.WORKER + " left the workers' group").atMost(GROUP_TIMEOUT)
                            .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS) < workers);
                    dropped = (System.nanoTime() - faultAt) / 1e9;
                    // the others carry the batch on meanwhile, the items the worker held included
                    awaitFurther(batch, total, 100);
                } finally {
                    network.worker().heal();
                }
                double stalled = (System.nanoTime() - faultAt) / 1e9;
                System.out.println("F7-oneway: " + network.worker().name() + " healed after " + stalled + " s");
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                long late = lateResultsOf(NetworkProxies.WORKER, batch);
                await(NetworkProxies.WORKER + " back in the workers' group").atMost(GROUP_TIMEOUT)
                        .until(() -> GroupMembers.of(cluster.bootstrapServers(), GroupMembers.WORKERS) == workers);
                return row.noting(String.format("replies lost %.1f s, the group dropped the worker after %.1f s;"
                        + " %d of its results not their item's outcome (late, ignored)", stalled, dropped, late));
            }
        });
    }

    /** A batch whose commands partition the given orchestrator holds: others made on the way are cancelled. */
    private static UUID batchOwnedBy(String orchestrator, int total) {
        for (int tries = 0; tries < 20; tries++) {
            UUID batch = batches.create(Batches.body("owner cut off from the brokers", total, 40, 0.05, 3, "PT10S"));
            if (cluster.ownerOf(batch).name().equals(orchestrator)) {
                return batch;
            }
            assertThat(api.control(batch, "cancel").status()).as("cancel of a batch the other owns").isEqualTo(200);
        }
        throw new AssertionError("20 batches in a row belonged to the other orchestrator");
    }

    /** One item-dispatch record: when it was sent, by which instance, for which item and attempt. */
    private record Sent(Instant at, String sender, String attempt) {
    }

    private static List<Sent> dispatchesOf(UUID batch) {
        List<Sent> sent = new ArrayList<>();
        TopicReads.readAll(cluster.bootstrapServers(), new Topics(cluster.topicPrefix()).itemDispatch(),
                new StringDeserializer(), new ItemDispatchSerde(), record -> {
                    if (record.value() != null && record.value().batchId().equals(batch)) {
                        Header sender = record.headers().lastHeader(Headers.DISPATCHER);
                        assertThat(sender).as("the sender header of " + record.value().itemId()).isNotNull();
                        sent.add(new Sent(Instant.ofEpochMilli(record.timestamp()),
                                new String(sender.value(), StandardCharsets.UTF_8).split("/")[0],
                                record.value().itemId() + "#" + record.value().attempt()));
                    }
                });
        return sent;
    }

    private static void assertRefusedInTime(UUID batch) {
        long asked = System.nanoTime();
        ApiClient.Response read = api.get("/api/v1/batches/" + batch);
        assertThat(read.status()).as("a read while PostgreSQL is cut off").isEqualTo(503);
        assertThat(read.body().path("error").path("code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered, not hung").isLessThan(Duration.ofSeconds(15));
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

    /** What (c) found: its measurements, and the batch a create during the cut named (201's id, or 503's "batchId: …"). */
    private record Cut(String note, UUID created) {
    }

    /**
     * (c): reads answer 503 quickly while PostgreSQL is cut off. A create meanwhile is refused
     * 503 "submitted but not confirmed in time; look it up later" with the batch's id, or created.
     */
    private static Cut databaseCut(NetworkProxies network, UUID batch, int total, Random random) {
        awaitFurther(batch, total, 20 + random.nextInt(100));
        System.out.println("F7c: " + network.postgres().name() + " cut");
        long cutAt = System.nanoTime();
        network.postgres().cut();
        ApiClient.Response createdMeanwhile;
        Duration firstRefusal;
        try {
            await("reads answer 503 while PostgreSQL is cut off").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertRefusedInTime(batch));
            firstRefusal = Duration.ofNanos(System.nanoTime() - cutAt);
            createdMeanwhile = api.createBatch(Batches.body("created while PostgreSQL is cut off", CREATED_DURING_CUT_ITEMS,
                    10, 0.0, 3, "PT30S"));
        } finally {
            network.postgres().heal();
        }
        long healedAt = System.nanoTime();
        // the pool opens new connections on demand, the first ones after its 3 s connection timeout at worst
        await("reads answer again after the heal").atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/v1/batches/" + batch).status() == 200);
        Duration readsBack = Duration.ofNanos(System.nanoTime() - healedAt);
        System.out.println("F7c: healed; a create meanwhile answered " + createdMeanwhile);
        assertThat(createdMeanwhile.status()).as("a create while PostgreSQL is cut off").isIn(201, 503);
        String id = createdMeanwhile.status() == 201 ? createdMeanwhile.data().path("id").asString()
                : createdMeanwhile.body().path("error").path("details").valueStream().map(JsonNode::asString)
                        .filter(detail -> detail.startsWith("batchId: ")).map(detail -> detail.substring(9)).findFirst()
                        .orElseThrow(() -> new AssertionError("a 503 create without the batch's id: " + createdMeanwhile.body()));
        return new Cut(String.format("first 503 %.1f s after the cut, reads back %.1f s after the heal, a create"
                + " meanwhile answered %d", firstRefusal.toMillis() / 1000.0, readsBack.toMillis() / 1000.0,
                createdMeanwhile.status()), UUID.fromString(id));
    }

    /**
     * The batch created while PostgreSQL was cut off: looked up later, as its 503 says, it is
     * either unknown (never taken in) or whole, and finishes exactly. Checked once the main batch
     * is over, so the create's commands have long been read.
     */
    private static String assertWholeOrAbsent(UUID created) throws Exception {
        ApiClient.Response lookedUp = api.get("/api/v1/batches/" + created);
        assertThat(lookedUp.status()).as("the batch created during the cut, looked up later").isIn(200, 404);
        if (lookedUp.status() == 404) {
            return "it was never taken in";
        }
        batches.await(created, "a final status", view -> view.path("finishedAt").isString());
        Invariants.assertExact(batches, created, CREATED_DURING_CUT_ITEMS, List.of());
        return "it was taken in after the cut, whole";
    }

    /**
     * Results a worker sent that did not decide their item: each item's outcome is its highest
     * attempt's first final event ({@link Invariants#outcomes}), and the checker has already found
     * the counts exact, so these were on the topic and counted nowhere.
     */
    private static long lateResultsOf(String worker, UUID batch) {
        List<BatchEvent> events = batches.events(batch);
        Map<UUID, ItemEvent> outcomes = Invariants.outcomes(events);
        return events.stream().filter(ItemCompleted.class::isInstance).map(ItemCompleted.class::cast)
                .filter(result -> worker.equals(result.workerId()))
                .filter(result -> !outcomes.get(result.itemId()).eventId().equals(result.eventId()))
                .count();
    }

    private static void awaitFurther(UUID batch, int total, int more) {
        int completed = batches.api().batch(batch).path("completedItems").asInt();
        batches.awaitCompletedAtLeast(batch, Math.min(total, completed + more));
    }
}
