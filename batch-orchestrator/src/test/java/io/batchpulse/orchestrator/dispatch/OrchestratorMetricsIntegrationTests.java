package io.batchpulse.orchestrator.dispatch;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The orchestrator's meters move with what it does: dispatches, recorded results, lease
 * expiries, dead letters, and the gauges of running batches and the outbox. The context is shared
 * with other classes, so counters are compared before and after.
 */
class OrchestratorMetricsIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void dispatchesAndRecordedResultsAreCounted() {
        double dispatched = count("batchpulse.dispatch.items");
        double recorded = meters.get("batchpulse.items.recorded").tag("outcome", "completed").counter().count();
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), completed(d, "ok")));
        commands.send(Commands.batch(batchId, 5, 5, Commands.options(5, 1, Duration.ofMinutes(1))));

        awaitCompleted(batchId);

        await().untilAsserted(() -> {
            assertThat(count("batchpulse.dispatch.items") - dispatched).isGreaterThanOrEqualTo(5);
            assertThat(meters.get("batchpulse.items.recorded").tag("outcome", "completed").counter().count() - recorded)
                    .isGreaterThanOrEqualTo(5);
        });
        assertThat(gauge("batchpulse.dispatch.lag")).isBetween(0.0, 5.0);
    }

    @Test
    void expiredLeasesAreCounted() {
        double before = count("batchpulse.lease.expiries");
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 1, Duration.ofSeconds(1))));

        awaitCompleted(batchId);

        assertThat(count("batchpulse.lease.expiries") - before).isGreaterThanOrEqualTo(1);
    }

    @Test
    void runningBatchesAndTheirPendingItemsAreGauged() {
        UUID batchId = UUID.randomUUID();
        // one item out with a silent worker, four waiting behind it: running until cancelled
        worker.behave(batchId, FakeWorker.SILENT);
        commands.send(Commands.batch(batchId, 5, 5, Commands.options(1, 1, Duration.ofMinutes(5))));
        await().until(() -> worker.received(batchId).size() == 1);

        // sampled every 5 s: the first reading may predate the batch
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(gauge("batchpulse.batches.running")).isGreaterThanOrEqualTo(1);
            assertThat(gauge("batchpulse.dispatch.pending")).isGreaterThanOrEqualTo(4);
        });
        assertThat(gauge("batchpulse.dispatch.ready")).isGreaterThanOrEqualTo(0);
        assertThat(gauge("batchpulse.outbox.backlog")).isGreaterThanOrEqualTo(0);
        assertThat(gauge("batchpulse.outbox.oldest.age")).isGreaterThanOrEqualTo(0);
        commands.send(Commands.cancel(batchId));
    }

    @Test
    void deadLettersAreCountedBySourceTopic() {
        commands.sendRaw(UUID.randomUUID().toString(), "{not json".getBytes(StandardCharsets.UTF_8));

        await().untilAsserted(() -> assertThat(meters.find("batchpulse.dlt.records")
                .tag("topic", ENV.topics().batchCommands()).counters())
                .anySatisfy(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(1)));
    }

    private double count(String name) {
        return meters.get(name).counter().count();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
