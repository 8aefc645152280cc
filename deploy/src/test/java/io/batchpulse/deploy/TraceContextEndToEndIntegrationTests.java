package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.Topics;
import io.batchpulse.testsupport.TracedRecords;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace follows a batch across every Kafka hop: a caller that creates a batch with a
 * traceparent of its own finds that trace on every record written for the batch, by every
 * service, read back from the topics with a plain consumer. The orchestrator's hops through
 * PostgreSQL (the outbox, the dispatcher) keep it too.
 */
class TraceContextEndToEndIntegrationTests {

    private static final int ITEMS = 40;

    private static LocalCluster cluster;
    private static Topics topics;
    private static Batches batches;
    private static ApiClient api;

    @BeforeAll
    static void startCluster() {
        cluster = E2eCluster.get();
        topics = new Topics(cluster.topicPrefix());
        api = ApiClient.as(cluster.gatewayUrl(), "tracy");
        batches = new Batches(cluster, api);
    }

    @Test
    void everyRecordOfABatchCarriesTheTraceOfTheRequestThatCreatedIt() {
        String traceId = TracedRecords.newTraceId();
        String traceparent = TracedRecords.traceparent(traceId);
        ApiClient.Response created = api.createBatch(Batches.body("traced", ITEMS, 5, 0.3, 1, "PT1M"), traceparent);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        UUID batch = UUID.fromString(created.data().path("id").asString());
        batches.awaitStatus(batch, "completed_with_errors");

        List<TracedRecords.Traced> events = Awaitility.await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> TracedRecords.of(cluster.bootstrapServers(), topics.batchEvents(), batch),
                        found -> found.stream().anyMatch(record -> record.type().equals("batch.completed")));
        List<TracedRecords.Traced> commands = TracedRecords.of(cluster.bootstrapServers(), topics.batchCommands(), batch);
        List<TracedRecords.Traced> dispatches = TracedRecords.of(cluster.bootstrapServers(), topics.itemDispatch(), batch);

        assertThat(commands).extracting(TracedRecords.Traced::type).contains("create", "append-items", "seal");
        assertThat(dispatches).hasSizeGreaterThanOrEqualTo(ITEMS);
        assertThat(events).extracting(TracedRecords.Traced::type).contains("batch.created", "batch.started",
                "item.dispatched", "item.started", "item.completed", "item.failed", "batch.completed");
        assertThat(events).filteredOn(record -> record.type().equals("item.started")).hasSizeGreaterThanOrEqualTo(ITEMS);
        for (List<TracedRecords.Traced> records : List.of(commands, dispatches, events)) {
            assertThat(records).allSatisfy(record -> assertThat(record.traceId())
                    .as("trace of %s at %s@%d (traceparent %s)", record.type(), record.topic(), record.offset(),
                            record.traceparent())
                    .isEqualTo(traceId));
        }
        // each hop is a span of its own, not the caller's span copied along
        assertThat(events).extracting(TracedRecords.Traced::traceparent).doesNotContain(traceparent);
    }
}
