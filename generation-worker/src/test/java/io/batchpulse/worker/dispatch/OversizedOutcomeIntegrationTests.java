package io.batchpulse.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.support.Dispatches;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An outcome too large for the broker fails its item; it does not fail the poll, which would be
 * redelivered without limit, run the item again and again and hold up the partition behind it.
 */
class OversizedOutcomeIntegrationTests extends WorkerIntegrationContext {

    @Test
    void aResultOverTheWorkersLimitFailsTheItemOnceAndThePartitionGoesOn() {
        ItemFailed failed = runLargeResultThenAnotherItem(2_000_000);

        assertThat(failed.error().message())
                .contains("item.completed is 2000", "over this worker's limit of 921600 (worker.max-result-size)");
    }

    @Test
    void aResultTheBrokerRefusesFailsTheItemInsteadOfFailingThePoll() {
        // under worker.max-result-size, over the topic's max.message.bytes
        ItemFailed failed = runLargeResultThenAnotherItem(400_000);

        assertThat(failed.error().message()).contains("more than Kafka accepts on batch-events");
        assertThat(failed.error().details()).singleElement().asString().contains("max.message.bytes");
    }

    /** Returns the large item's item.failed, after checking that the dispatch behind it ran and was committed. */
    private ItemFailed runLargeResultThenAnotherItem(int resultChars) {
        long failedBefore = attemptsTimed("failed");
        UUID largeBatch = UUID.randomUUID();
        UUID nextBatch = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(largeBatch, 1, 3, "large-result", "{\"chars\":" + resultChars + "}"));
        long next = kafka.send(Dispatches.dispatch(nextBatch, 1, 3, "simulated", null));

        List<BatchEvent> events = kafka.awaitEvents(largeBatch, 2);

        assertThat(kafka.awaitEvents(nextBatch, 2)).extracting(BatchEvent::type)
                .containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
        // the poll was not failed: the offsets past both dispatches are committed, nothing comes again
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffset(GROUP) > next);
        assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemFailed.TYPE);
        ItemFailed failed = (ItemFailed) events.get(1);
        assertThat(failed.error().code()).isEqualTo(ItemErrorCodes.RESULT_TOO_LARGE);
        // permanent even on the first of three attempts: another attempt would return the same
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).isEqualTo(1);
        // timed as what the broker took, once
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsTimed("failed") > failedBefore);
        assertThat(attemptsTimed("failed")).isEqualTo(failedBefore + 1);
        assertThat(attemptsTimed("completed")).isZero();
        return failed;
    }

    private long attemptsTimed(String outcome) {
        Timer timer = meters.find("batchpulse.worker.items").tags("processor", "large-result", "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
