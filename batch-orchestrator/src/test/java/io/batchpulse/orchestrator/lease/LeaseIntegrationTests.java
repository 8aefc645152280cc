package io.batchpulse.orchestrator.lease;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.record.RecorderWatermark;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * An item whose worker went silent is dispatched again, or fails on its last attempt: silent for
 * the batch's itemTimeout once started, or started by no worker within the start timeout.
 */
class LeaseIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void expiredLeaseRedispatchesWithNextAttempt() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() >= 2) {
                w.send(started(d), completed(d, "second"));
            } else {
                w.send(started(d));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1, 2);
        assertThat(log.of(batchId, ItemRetrying.class)).singleElement().satisfies(retrying -> {
            assertThat(retrying.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(retrying.attempt()).isEqualTo(1);
            assertThat(retrying.retryDelayMs()).isZero();
            assertThat(retrying.error().message()).isEqualTo("no result within itemTimeout PT1S");
        });
        assertThat(jdbc.queryForObject("SELECT status || ' ' || attempt FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).isEqualTo("completed 2");
    }

    @Test
    void expiredLeaseOnLastAttemptFailsTheItem() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d)));
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 1, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(log.of(batchId, ItemFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(failed.error().message()).isEqualTo("no result within itemTimeout PT1S");
        });
        // filed in the same failure group the gateway computes from the item.failed event
        assertThat(jdbc.queryForObject("SELECT failure_group FROM batch_items WHERE batch_id = ?", String.class,
                batchId)).isEqualTo(FailureGroup.of(log.of(batchId, ItemFailed.class).get(0).error()).key());
    }

    /**
     * Fault F10's finding: a dispatch waits in its partition behind the items a worker has in hand.
     * The wait is not the silence of a started item; the item's own timeout runs from item.started.
     */
    @Test
    void aDispatchThatWaitsLongerThanItsItemTimeoutBeforeItStartsKeepsItsAttempt() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.later(1_500, () -> w.send(started(d), completed(d, "waited"))));
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(log.of(batchId, ItemRetrying.class)).isEmpty();
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1);
    }

    @Test
    void aDispatchNoWorkerStartsIsSentAgainAfterTheStartTimeout() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> {
            if (d.attempt() >= 2) {
                w.send(started(d), completed(d, "second"));
            }
        });
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(1))));

        BatchCompleted done = awaitCompleted(batchId);

        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        ItemDispatched first = log.of(batchId, ItemDispatched.class).get(0);
        assertThat(log.of(batchId, ItemRetrying.class)).singleElement().satisfies(retrying -> {
            assertThat(retrying.error().code()).isEqualTo("LEASE_EXPIRED");
            assertThat(retrying.error().message()).isEqualTo("no worker started it within " + TestEnvironment.START_TIMEOUT);
            assertThat(Duration.between(first.occurredAt(), retrying.occurredAt()))
                    .as("the unstarted dispatch kept the start timeout, not the 1 s itemTimeout")
                    .isGreaterThanOrEqualTo(TestEnvironment.START_TIMEOUT);
        });
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1, 2);
    }

    /**
     * The race the fault matrix found: a result already on the topic, not yet recorded, when the
     * lease runs out. The expiry now lands on the topic after the result, and the result wins, as
     * it does in the gateway's snapshots; before, the item ran again and the snapshots' completed
     * count went down.
     */
    @Test
    void aResultOnTheTopicBeforeTheLeaseExpiryWinsOverTheExpiry() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d)));
        commands.send(Commands.batch(batchId, 1, 1, Commands.options(1, 3, Duration.ofSeconds(3))));
        await().until(() -> jdbc.queryForList("SELECT status FROM batch_items WHERE batch_id = ?", String.class, batchId),
                List.of("in_progress")::equals);
        MessageListenerContainer recorder = listeners.getListenerContainer(RecorderWatermark.LISTENER_ID);
        recorder.pause();
        try {
            await().until(recorder::isPauseRequested);
            await().until(recorder::isContainerPaused);
            worker.send(completed(worker.received(batchId).get(0), "in time"));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.of(batchId, ItemRetrying.class), list -> !list.isEmpty());
        } finally {
            recorder.resume();
        }

        BatchCompleted done = awaitCompleted(batchId);

        List<BatchEvent> finals = log.of(batchId, BatchEvent.class).stream()
                .filter(event -> event instanceof ItemCompleted || event instanceof ItemRetrying).toList();
        assertThat(finals).as("the result, then the expiry, on the topic").hasSize(2).first().isInstanceOf(ItemCompleted.class);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(worker.received(batchId)).extracting(ItemDispatch::attempt).containsExactly(1);
        assertThat(jdbc.queryForObject("SELECT status || ' ' || attempt FROM batch_items WHERE batch_id = ?",
                String.class, batchId)).isEqualTo("completed 1");
    }
}
