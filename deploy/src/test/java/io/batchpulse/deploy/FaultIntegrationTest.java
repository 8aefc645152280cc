package io.batchpulse.deploy;

import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** What every fault test class shares: the three-broker cluster of this JVM and a user of its own. */
abstract class FaultIntegrationTest {

    protected static LocalCluster cluster;
    protected static ApiClient api;
    protected static Batches batches;

    @BeforeAll
    static void startCluster() {
        cluster = FaultCluster.get();
        api = ApiClient.as(cluster.gatewayUrl(), "faults-" + UUID.randomUUID().toString().substring(0, 6));
        batches = new Batches(cluster, api);
    }
}
