package io.batchpulse.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.batchpulse.testsupport.TracedRecords;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's hops through PostgreSQL keep the trace of the command that created a batch:
 * outbox rows relayed later (on the dispatcher thread, by the slicer's or the recorder's work) and
 * dispatch records sent ticks later all carry a traceparent of that trace.
 */
class TraceContextIntegrationTests extends SharedOrchestratorIntegrationTest {

    private static final int ITEMS = 12;

    @Test
    void eventsAndDispatchRecordsOfABatchContinueTheTraceOfItsCreate() {
        UUID batchId = UUID.randomUUID();
        String traceId = TracedRecords.newTraceId();
        worker.behave(batchId, FakeWorker.COMPLETE);

        commands.sendTraced(TracedRecords.traceparent(traceId),
                Commands.batch(batchId, ITEMS, 5, Commands.options(4, 1, Duration.ofMinutes(1))));
        awaitCompleted(batchId);

        String bootstrap = environment().bootstrapServers();
        // the orchestrator's own events; the fake worker's item events are not traced
        List<TracedRecords.Traced> events = await().atMost(Duration.ofMinutes(1))
                .until(() -> TracedRecords.of(bootstrap, environment().topics().batchEvents(), batchId).stream()
                        .filter(record -> record.type().startsWith("batch.") || record.type().equals("item.dispatched"))
                        .toList(), found -> found.stream().anyMatch(record -> record.type().equals("batch.completed")));
        List<TracedRecords.Traced> dispatches = TracedRecords.of(bootstrap, environment().topics().itemDispatch(),
                batchId);

        assertThat(events).extracting(TracedRecords.Traced::type)
                .contains("batch.created", "batch.started", "item.dispatched", "batch.completed");
        assertThat(dispatches).hasSizeGreaterThanOrEqualTo(ITEMS);
        assertThat(events).allSatisfy(record -> assertThat(record.traceId()).as(record.type()).isEqualTo(traceId));
        assertThat(dispatches).allSatisfy(record -> assertThat(record.traceId()).isEqualTo(traceId));
        assertThat(jdbc.queryForObject("SELECT traceparent FROM batch_jobs WHERE id = ?", String.class, batchId))
                .contains(traceId);
    }

    @Test
    void aBatchCreatedWithoutATraceStartsOneOfItsOwnThatItsDispatchesFollow() {
        UUID batchId = UUID.randomUUID();
        runToCompletion(batchId, 3, Commands.options(4, 1, Duration.ofMinutes(1)));

        // the create's listener span started the trace, and the batch keeps it
        String traceparent = jdbc.queryForObject("SELECT traceparent FROM batch_jobs WHERE id = ?", String.class,
                batchId);
        assertThat(TracedRecords.traceIdOf(traceparent)).isNotNull();
        String traceId = TracedRecords.traceIdOf(traceparent);
        List<TracedRecords.Traced> dispatches = TracedRecords.of(environment().bootstrapServers(),
                environment().topics().itemDispatch(), batchId);
        assertThat(dispatches).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(record -> assertThat(record.traceId()).isEqualTo(traceId));
    }
}
