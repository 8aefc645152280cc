package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.item.ItemCancelled;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The oracle of RELIABILITY.md for one finished batch, computed without Batchpulse's own readers:
 * a plain read_committed consumer of batch-events (each item's outcome, see {@link #outcomes}), SQL
 * on PostgreSQL, and the public REST view. I1: every item reached a final state. I2: the event log,
 * {@code batch.completed}, the REST counts, PostgreSQL and the viewers' final snapshots agree.
 */
final class Invariants {

    /** What the check found, for the fault's report: duplicates on the topic are allowed, counted ones are not. */
    record Outcome(long completed, long failed, long finalEventsOnTopic, int maxAttempt) {

        long duplicateFinalEvents() {
            return finalEventsOnTopic - completed - failed;
        }
    }

    private Invariants() {
    }

    /**
     * Each item's outcome: that of its highest attempt, and within an attempt the first outcome
     * event in topic order (a result, a failure, a retry or a cancel); a later one of the same
     * attempt is a late or duplicate report and changes nothing.
     */
    static Map<UUID, ItemEvent> outcomes(List<BatchEvent> events) {
        Map<UUID, ItemEvent> outcomes = new HashMap<>();
        events.stream()
                .filter(event -> event instanceof ItemCompleted || event instanceof ItemFailed
                        || event instanceof ItemRetrying || event instanceof ItemCancelled)
                .map(ItemEvent.class::cast)
                .forEach(event -> outcomes.merge(event.itemId(), event, (old, next) -> next.attempt() > old.attempt() ? next : old));
        return outcomes;
    }

    static Outcome assertExact(Batches batches, UUID batch, int total, List<ViewerLog> viewers) throws SQLException {
        List<BatchEvent> events = batches.events(batch);
        Set<UUID> completed = Batches.finalItems(events, ItemCompleted.class);
        Set<UUID> failed = Batches.finalItems(events, ItemFailed.class);
        assertThat(completed).as("I2: an item both completed and failed by its last attempt")
                .noneMatch(failed::contains);
        assertThat(completed.size() + failed.size()).as("I1: items with a final state in batch-events").isEqualTo(total);

        List<BatchCompleted> ends = events.stream().filter(BatchCompleted.class::isInstance).map(BatchCompleted.class::cast).toList();
        assertThat(ends).as("batch.completed on the topic").isNotEmpty().allSatisfy(end -> {
            assertThat(end.completed()).as("I2: batch.completed's completed").isEqualTo(completed.size());
            assertThat(end.failed()).as("I2: batch.completed's failed").isEqualTo(failed.size());
        });

        JsonNode view = batches.api().batch(batch);
        assertThat(view.path("completedItems").asLong()).as("I2: REST completed").isEqualTo(completed.size());
        assertThat(view.path("failedItems").asLong()).as("I2: REST failed").isEqualTo(failed.size());

        Map<String, Long> expected = new HashMap<>();
        if (!completed.isEmpty()) {
            expected.put("completed", (long) completed.size());
        }
        if (!failed.isEmpty()) {
            expected.put("failed", (long) failed.size());
        }
        assertThat(batches.itemCountsInDatabase(batch)).as("I1/I2: item rows in PostgreSQL by status").isEqualTo(expected);

        for (ViewerLog viewer : viewers) {
            JsonNode last = viewer.lastSnapshot();
            assertThat(last.path("completed").asLong()).as("I2: %s's final snapshot completed", viewer).isEqualTo(completed.size());
            assertThat(last.path("failed").asLong()).as("I2: %s's final snapshot failed", viewer).isEqualTo(failed.size());
        }

        long finalEvents = events.stream().filter(event -> event instanceof ItemCompleted || event instanceof ItemFailed).count();
        int maxAttempt = events.stream().filter(ItemEvent.class::isInstance).mapToInt(event -> ((ItemEvent) event).attempt())
                .max().orElse(0);
        return new Outcome(completed.size(), failed.size(), finalEvents, maxAttempt);
    }
}
