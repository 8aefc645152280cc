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
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final int BYSTANDER_BATCHES = 8;
    private static final int BYSTANDER_BATCH_ITEMS = 20;

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
        return FaultRuns.of("F7-owner the owner's link to the brokers stalled", 1, random -> {
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
     * F7-bystander: the link between the brokers and an orchestrator that owns no running batch
     * stalls, its PostgreSQL link up. Its dispatch ticks still relay the outbox (rows the other one
     * wrote too) under the one lock every tick takes, and its sends cannot be acknowledged. Its relay
     * must give the lock up after its send timeout: the owner's dispatch never pauses for long, and
     * batches created meanwhile, whose events go through the outbox, start and finish exact.
     */
    @TestFactory
    Stream<DynamicTest> aBystanderCutOffFromTheBrokersHoldsUpNoOtherOrchestratorsDispatch() {
        return FaultRuns.of("F7-bystander an orchestrator owning no batch cut off from the brokers", 0, random -> {
            NetworkProxies network = FaultCluster.network();
            String owner = cluster.orchestrator().name();
            int total = 2_500 + random.nextInt(501);
            UUID batch = batchOwnedBy(owner, total);
            Path stalledLog = cluster.orchestrators().stream()
                    .filter(orchestrator -> orchestrator.name().equals(NetworkProxies.ORCHESTRATOR)).findFirst().orElseThrow()
                    .logFile();
            long relayFailuresBefore = relayFailures(stalledLog);
            List<UUID> created = new ArrayList<>();
            List<Duration> firstItemAfter = new ArrayList<>();
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 30 + random.nextInt(total / 5));
                System.out.println("F7-bystander: " + network.orchestrator().name() + " stalls, " + owner + " owns the batch");
                long faultAt = System.nanoTime();
                Instant stalledAt = Instant.now();
                Instant healedAt;
                network.orchestrator().stall();
                try {
                    // one after another: each writes outbox rows (batch.created, batch.started, its stages,
                    // batch.completed) for the cut-off relay to take. One whose commands partition the
                    // cut-off one still holds (until the group drops it) is answered 503 with its id, and
                    // starts after the take-over.
                    for (int i = 0; i < BYSTANDER_BATCHES; i++) {
                        long asked = System.nanoTime();
                        UUID small = Batches.submitted(api.createBatch(Batches.body("created beside a cut-off orchestrator",
                                BYSTANDER_BATCH_ITEMS, 40, 0.0, 3, "PT10S")));
                        created.add(small);
                        await("an item of a batch created meanwhile completed").atMost(GROUP_TIMEOUT).ignoreExceptions()
                                .until(() -> api.batch(small).path("completedItems").asInt() > 0);
                        firstItemAfter.add(Duration.ofNanos(System.nanoTime() - asked));
                    }
                    await("the cut-off orchestrator's relay failed to publish a page").atMost(GROUP_TIMEOUT)
                            .until(() -> relayFailures(stalledLog) > relayFailuresBefore);
                } finally {
                    network.orchestrator().heal();
                    healedAt = Instant.now();
                }
                double stalled = (System.nanoTime() - faultAt) / 1e9;
                System.out.println("F7-bystander: " + network.orchestrator().name() + " healed after " + stalled + " s");
                FaultRuns.Row row = finish(batch, total, faultAt, viewer);
                for (UUID small : created) {
                    Invariants.assertExact(batches, small, BYSTANDER_BATCH_ITEMS, List.of());
                }
                await("the outbox drained").atMost(Duration.ofSeconds(30)).until(batches::outboxBacklog, rows -> rows == 0);
                Gap longest = longestPause(dispatchesOf(batch), owner, stalledAt, healedAt);
                Duration pause = Duration.ofMillis(longest.length());
                long failures = relayFailures(stalledLog) - relayFailuresBefore;
                Duration slowestStart = firstItemAfter.stream().max(Comparator.naturalOrder()).orElseThrow();
                System.out.printf("F7-bystander: %d failed relay pages of the cut-off one, the owner's longest dispatch pause"
                        + " %d ms from %s (the stall at %s), created batches' first item %d ms at most%n", failures,
                        pause.toMillis(), Instant.ofEpochMilli(longest.from()), stalledAt, slowestStart.toMillis());
                // What the relay may cost: a send timeout (3 s) at a time. What the group costs when the
                // cut-off one held the batch's results partition: its 10 s session, then the take-over and
                // the catch-up, with the batch's items all in flight and none recorded meanwhile (10.6-13.9 s
                // measured). A relay that kept the lock held the owner up for the whole stall (26-42 s).
                assertThat(pause).as("the owner's longest pause between two dispatches while the other was cut off")
                        .isLessThan(Duration.ofSeconds(20));
                assertThat(failures).as("failed relay pages of the cut-off one in %.1f s: one per try, tries no closer"
                        + " than its backoff", stalled).isPositive().isLessThanOrEqualTo(mostRelayFailures(stalled));
                return row.noting(String.format("bystander stalled %.1f s, %d of its relay pages failed; the owner's longest"
                        + " dispatch pause %.1f s; %d batches created meanwhile, first item within %.1f s", stalled, failures,
                        pause.toMillis() / 1000.0, created.size(), slowestStart.toMillis() / 1000.0));
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

    /**
     * The longest time from {@code from} to {@code to} without an item-dispatch record of {@code sender},
     * in milliseconds: the window ends at the batch's last dispatch if that came first, as nothing was
     * left to send.
     */
    private static Gap longestPause(List<Sent> sent, String sender, Instant from, Instant to) {
        Instant end = sent.stream().map(Sent::at).max(Comparator.naturalOrder()).filter(last -> last.isBefore(to)).orElse(to);
        return Gap.longest(sent.stream().filter(record -> record.sender().equals(sender)).mapToLong(record -> record.at().toEpochMilli()),
                from.toEpochMilli(), end.toEpochMilli());
    }

    /**
     * The most outbox pages a relay cut off from the brokers for {@code stalled} seconds can fail:
     * each try holds the lock for the send timeout (3 s, the orchestrators' default here) and the
     * next waits for a backoff of 0.5 s doubling up to 10 s. Tries that began up to two send timeouts
     * after the heal may still fail while the producer reconnects.
     */
    private static int mostRelayFailures(double stalled) {
        double sendTimeout = 3.0;
        double window = stalled + 2 * sendTimeout;
        double at = 0;
        double backoff = 0.5;
        int failures = 0;
        while (at < window) {
            failures++;
            at += sendTimeout + backoff;
            backoff = Math.min(10.0, backoff * 2);
        }
        return failures;
    }

    /** How often the orchestrator of this log could not publish an outbox page (OutboxRelay's warning). */
    private static long relayFailures(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains("Outbox relay could not publish")).count();
        }
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
        return new Cut(String.format("first 503 %.1f s after the cut, reads back %.1f s after the heal, a create"
                + " meanwhile answered %d", firstRefusal.toMillis() / 1000.0, readsBack.toMillis() / 1000.0,
                createdMeanwhile.status()), Batches.submitted(createdMeanwhile));
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
