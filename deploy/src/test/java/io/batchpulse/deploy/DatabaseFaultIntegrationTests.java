package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault F6 of RELIABILITY.md: PostgreSQL stops in the middle of a batch and comes back. Meanwhile
 * the API answers 503 quickly instead of hanging; afterwards the batch finishes with every item
 * counted once (see {@link FaultRuns} for seeds and repetitions).
 */
class DatabaseFaultIntegrationTests extends FaultIntegrationTest {

    @TestFactory
    Stream<DynamicTest> postgresStoppedMidBatchAnswers503MeanwhileAndEverythingConvergesAfter() {
        return FaultRuns.of("F6 PostgreSQL stop", 1, random -> {
            int total = 1_500;
            UUID batch = batches.create(Batches.body("database stops", total, 40, 0.05, 3, "PT30S"));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                batches.awaitCompletedAtLeast(batch, 100 + random.nextInt(total / 2));
                System.out.println("F6: PostgreSQL stops");
                long faultAt = System.nanoTime();
                cluster.stopPostgres();
                try {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        long started = System.nanoTime();
                        ApiClient.Response read = api.get("/api/v1/batches/" + batch);
                        assertThat(read.status()).as("a read while PostgreSQL is down").isEqualTo(503);
                        assertThat(read.body().path("error").path("code").asString()).isEqualTo("UNAVAILABLE");
                        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not hung")
                                .isLessThan(Duration.ofSeconds(15));
                    });
                } finally {
                    cluster.startPostgres();
                    System.out.println("F6: PostgreSQL is back");
                }
                return finish(batch, total, faultAt, viewer);
            }
        });
    }
}
