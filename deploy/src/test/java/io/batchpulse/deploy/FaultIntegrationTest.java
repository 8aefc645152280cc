package io.batchpulse.deploy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;

/** What every fault test class shares: the three-broker cluster of this JVM and a user of its own. */
abstract class FaultIntegrationTest {

    /** How long a group takes at most to drop a member that went silent, or to take it back. */
    protected static final Duration GROUP_TIMEOUT = Duration.ofSeconds(120);

    protected static LocalCluster cluster;
    /** The user every request of the class is made as (the subject of api's token). */
    protected static String user;
    protected static ApiClient api;
    protected static Batches batches;

    @BeforeAll
    static void startCluster() {
        cluster = FaultCluster.get();
        user = "faults-" + UUID.randomUUID().toString().substring(0, 6);
        api = ApiClient.as(cluster.gatewayUrl(), user);
        batches = new Batches(cluster, api);
    }

    /**
     * Once the fault is over: the batch reaches a final status, every viewer gets batch.complete
     * with its stream invariants intact, and the checker finds the batch exact.
     */
    protected static FaultRuns.Row finish(UUID batch, int total, long faultAt, ViewerLog... viewers) throws Exception {
        batches.await(batch, "a final status", view -> view.path("finishedAt").isString());
        Duration recovery = Duration.ofNanos(System.nanoTime() - faultAt);
        for (ViewerLog viewer : viewers) {
            viewer.awaitComplete(Batches.BATCH_TIMEOUT);
            viewer.assertStreamInvariants();
        }
        Invariants.Outcome outcome = Invariants.assertExact(batches, batch, total, List.of(viewers));
        System.out.println(outcome + ", duplicate final events on the topic " + outcome.duplicateFinalEvents());
        return new FaultRuns.Row(outcome, recovery,
                Stream.of(viewers).flatMap(viewer -> viewer.reconnects().stream()).toList());
    }
}
