package io.batchpulse.deploy.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.ItemIds;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemCancelled;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.model.ItemError;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ItemOutcomeTests {

    private static final UUID BATCH = UUID.randomUUID();
    private static final UUID ITEM = ItemIds.of(BATCH, 7);
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void aLateEventOfAnEarlierAttemptDoesNotMoveTheItem() {
        ItemOutcome outcome = fold(dispatched(1), retrying(1), dispatched(2),
                new ItemCompleted(UUID.randomUUID(), BATCH, AT, SchemaVersion.CURRENT, ITEM, 7, 2, "w-2", "seven",
                        null, 1.5, 30),
                started(1));

        assertThat(outcome.status()).isEqualTo("completed");
        assertThat(outcome.attempt()).isEqualTo(2);
        assertThat(outcome.score()).isEqualTo(1.5);
    }

    @Test
    void anItemWaitingForItsRetryIsPendingWithTheErrorThatSentItBack() {
        ItemOutcome outcome = fold(dispatched(1), started(1), retrying(1));

        assertThat(outcome.status()).isEqualTo("pending");
        assertThat(outcome.errorCode()).isEqualTo("TIMEOUT");
    }

    @Test
    void aCancelEndsAnUnfinishedItemWhateverAttemptItNames() {
        ItemOutcome outcome = fold(dispatched(1), retrying(1), dispatched(2),
                new ItemCancelled(UUID.randomUUID(), BATCH, AT, SchemaVersion.CURRENT, ITEM, 7, 1, null, "seven"));

        assertThat(outcome.status()).isEqualTo("cancelled");
    }

    private static ItemOutcome fold(ItemEvent... events) {
        ItemOutcome outcome = null;
        for (ItemEvent event : events) {
            outcome = ItemOutcome.next(outcome, event);
        }
        return outcome;
    }

    private static ItemDispatched dispatched(int attempt) {
        return new ItemDispatched(UUID.randomUUID(), BATCH, AT, SchemaVersion.CURRENT, ITEM, 7, attempt, null, "seven");
    }

    private static ItemStarted started(int attempt) {
        return new ItemStarted(UUID.randomUUID(), BATCH, AT, SchemaVersion.CURRENT, ITEM, 7, attempt, "w-1", "seven");
    }

    private static ItemRetrying retrying(int attempt) {
        return new ItemRetrying(UUID.randomUUID(), BATCH, AT, SchemaVersion.CURRENT, ITEM, 7, attempt, "w-1", "seven",
                new ItemError("TIMEOUT", "slow", List.of()), 100);
    }
}
