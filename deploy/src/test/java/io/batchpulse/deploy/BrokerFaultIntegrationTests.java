package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault F5 of RELIABILITY.md on three brokers (RF 3, min ISR 2): the leader of the batch's
 * partition is killed under load, or every broker is restarted in turn, and the independent
 * checker then finds every item counted once, everywhere, with no acknowledged write lost. The
 * fault points are random within the batch; see {@link FaultRuns} for seeds and repetitions. F5-two-down
 * takes two of the three away at once, then brings them back.
 */
class BrokerFaultIntegrationTests extends FaultIntegrationTest {

    @Test
    void everyServiceProducesWithAcksAllAndIdempotenceInEffect() throws IOException {
        List<ChildProcess> services = new ArrayList<>(cluster.workers());
        services.add(cluster.orchestrator());
        services.addAll(cluster.gateways());
        Pattern block = Pattern.compile("ProducerConfig values:(.*?)(?=\\n\\S|\\z)", Pattern.DOTALL);
        for (ChildProcess service : services) {
            String log = Files.readString(service.logFile());
            Matcher configs = block.matcher(log);
            int producers = 0;
            while (configs.find()) {
                producers++;
                String config = configs.group(1);
                assertThat(config).as("%s: a producer's acks", service.name()).containsPattern("\\n\\s*acks = -1\\s*\\n");
                assertThat(config).as("%s: a producer's idempotence", service.name())
                        .containsPattern("\\n\\s*enable.idempotence = true\\s*\\n");
            }
            assertThat(producers).as("%s: producers whose configs were printed", service.name()).isPositive();
            assertThat(log).as("%s: the client confirms idempotence", service.name())
                    .containsPattern("Instantiated an idempotent producer|Instantiated a transactional producer");
        }
    }

    @TestFactory
    Stream<DynamicTest> killingTheLeaderOfTheBatchsPartitionUnderLoadLosesNothingAndCountsNothingTwice() {
        return FaultRuns.of("F5 leader kill -9", 1, random -> {
            int total = 3_000;
            UUID batch = batches.create(Batches.body("leader dies", total, 30, 0.05, 2, "PT20S"));
            int node = leaderOf(new Topics(cluster.topicPrefix()).batchEvents(), batch);
            try (AcknowledgedWrites writes = AcknowledgedWrites.start(cluster.bootstrapServers(), "faults-acks-" + UUID.randomUUID());
                    ViewerLog first = viewer(0, batch);
                    ViewerLog second = viewer(1, batch)) {
                int at = 200 + random.nextInt(total / 2);
                batches.awaitCompletedAtLeast(batch, at);
                System.out.println("F5: kill -9 of broker " + node + " (leader of the batch's partition) at " + at + " completed");
                long faultAt = System.nanoTime();
                cluster.kafka().node(node).kill();
                try {
                    batches.awaitCompletedAtLeast(batch, Math.min(total, at + 300));
                } finally {
                    cluster.kafka().restart(node);
                }
                return finish(batch, total, faultAt, writes, first, second);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> aRollingRestartOfEveryBrokerUnderLoadLosesNothingAndCountsNothingTwice() {
        return FaultRuns.of("F5 rolling restart", 0, random -> {
            int total = 4_000;
            UUID batch = batches.create(Batches.body("rolling restart", total, 30, 0.05, 2, "PT20S"));
            try (AcknowledgedWrites writes = AcknowledgedWrites.start(cluster.bootstrapServers(), "faults-acks-" + UUID.randomUUID());
                    ViewerLog first = viewer(0, batch);
                    ViewerLog second = viewer(1, batch)) {
                batches.awaitCompletedAtLeast(batch, 100 + random.nextInt(400));
                long faultAt = System.nanoTime();
                for (int node = 1; node <= cluster.kafka().size(); node++) {
                    System.out.println("F5: SIGTERM and restart of broker " + node);
                    cluster.kafka().node(node).stop(Duration.ofSeconds(60));
                    cluster.kafka().restart(node);
                }
                return finish(batch, total, faultAt, writes, first, second);
            }
        });
    }

    /**
     * F5, two of three brokers down (deploy/chaos only): kill -9 of a random pair at once under
     * load, left down for 5-20 s, then both started again. Meanwhile the quorum is gone and fewer
     * replicas are in sync than min.insync.replicas, so nothing can be written: every producer must
     * block and carry on once the brokers are back. Throughout the outage the API answers reads
     * (they come from PostgreSQL) and the viewers keep their heartbeats.
     */
    @TestFactory
    Stream<DynamicTest> twoOfThreeBrokersDownAndBackLoseNothingAndViewersKeepTheirHeartbeats() {
        return FaultRuns.of("F5-two-down kill -9 of two brokers", 0, random -> {
            int total = 3_000;
            UUID batch = batches.create(Batches.body("two brokers down", total, 30, 0.05, 2, "PT20S"));
            List<Integer> nodes = new ArrayList<>(IntStream.rangeClosed(1, cluster.kafka().size()).boxed().toList());
            Collections.shuffle(nodes, random);
            List<Integer> down = List.copyOf(nodes.subList(0, 2));
            Duration outage = Duration.ofSeconds(5 + random.nextInt(16));
            try (AcknowledgedWrites writes = AcknowledgedWrites.start(cluster.bootstrapServers(), "faults-acks-" + UUID.randomUUID());
                    ViewerLog first = viewer(0, batch);
                    ViewerLog second = viewer(1, batch)) {
                int at = 200 + random.nextInt(total / 2);
                batches.awaitCompletedAtLeast(batch, at);
                System.out.println("F5-two-down: kill -9 of brokers " + down + " at " + at + " completed, for " + outage);
                long faultAt = System.nanoTime();
                down.forEach(node -> cluster.kafka().node(node).kill());
                long backAt;
                int acknowledgedBefore;
                try {
                    await("the API answering reads while two brokers are down").during(outage).atMost(outage.plusSeconds(10))
                            .until(() -> batches.api().batch(batch).path("id").isString());
                } finally {
                    acknowledgedBefore = writes.acknowledged();
                    backAt = System.nanoTime();
                    down.stream().map(node -> CompletableFuture.runAsync(() -> cluster.kafka().restart(node))).toList()
                            .forEach(CompletableFuture::join);
                }
                Duration restart = Duration.ofNanos(System.nanoTime() - backAt);
                for (ViewerLog viewer : List.of(first, second)) {
                    assertThat(viewer.longestSilence(faultAt, backAt)).as("the viewers went without an event (heartbeats included)")
                            .isLessThanOrEqualTo(ViewerLog.HEARTBEAT_GAP);
                }
                await("the lost-write producer acknowledged again").atMost(GROUP_TIMEOUT)
                        .until(() -> writes.acknowledged() > acknowledgedBefore);
                FaultRuns.Row row = finish(batch, total, faultAt, writes, first, second);
                return row.noting(String.format("brokers %s down %.1f s, back (both listening) %.1f s later",
                        down, (backAt - faultAt) / 1e9, restart.toMillis() / 1000.0));
            }
        });
    }

    /** {@link #finish} and then every acknowledged write read back. */
    private static FaultRuns.Row finish(UUID batch, int total, long faultAt, AcknowledgedWrites writes, ViewerLog... viewers)
            throws Exception {
        FaultRuns.Row row = finish(batch, total, faultAt, viewers);
        int acknowledged = writes.assertNoneLost();
        System.out.println("acknowledged writes " + acknowledged + " (none lost), refused " + writes.refused());
        return row.withAcknowledgedWrites(acknowledged);
    }

    private ViewerLog viewer(int gateway, UUID batch) {
        return ViewerLog.watch("viewer on gateway " + (gateway + 1), cluster.url(cluster.gateways().get(gateway)), batch,
                api.token());
    }

    /** The node leading the batch-events partition of {@code batch} (the default partitioner's choice for its key). */
    private static int leaderOf(String topic, UUID batch) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            int partition = Utils.toPositive(Utils.murmur2(batch.toString().getBytes(StandardCharsets.UTF_8)))
                    % description.partitions().size();
            return description.partitions().get(partition).leader().id();
        }
    }
}
