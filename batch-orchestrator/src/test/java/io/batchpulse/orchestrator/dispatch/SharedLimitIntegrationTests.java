package io.batchpulse.orchestrator.dispatch;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchQueued;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.model.Priority;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Shared limits (orchestrator.limits.*, see SharedOrchestratorIntegrationTest), an upstream's
 * Retry-After reported as item.retrying.throttledUntil, and priorities.
 */
class SharedLimitIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void batchesSharingALimitNeverHaveMoreItemsOutstandingThanItTogether() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        SlowAnswers slowly = new SlowAnswers(outstanding, maxOutstanding);
        worker.behave(first, slowly::answer);
        worker.behave(second, slowly::answer);

        commands.send(Commands.batch(first, 30, 30, Commands.limited(20, 3, "it-concurrent", null)));
        commands.send(Commands.batch(second, 30, 30, Commands.limited(20, 3, "it-concurrent", null)));

        assertThat(awaitCompleted(first).completed()).isEqualTo(30);
        assertThat(awaitCompleted(second).completed()).isEqualTo(30);
        assertThat(maxOutstanding.get()).isBetween(1, 3);
    }

    @Test
    void createNamingAnUnknownLimitIsRefusedAndCreatesNothing() {
        UUID batchId = UUID.randomUUID();
        CreateBatch create = Commands.create(batchId, Commands.limited(4, 3, "no-such-limit", null));

        commands.send(create);

        CommandRejected rejected = awaitRejected(batchId, create.commandId());
        assertThat(rejected.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejected.details()).singleElement().asString().startsWith("options.limit: no shared limit named "
                + "'no-such-limit'");
        assertThat(batchRow(batchId)).isEqualTo("absent");
    }

    @Test
    void throttledItemWaitsWithItsLimitAndKeepsItsAttempts() {
        UUID batchId = UUID.randomUUID();
        AtomicReference<Instant> until = new AtomicReference<>();
        worker.behave(batchId, (d, w) -> {
            w.send(started(d));
            if (d.index() == 0 && d.attempt() == 1) {
                until.set(Instant.now().plusSeconds(2));
                w.send(throttled(d, until.get()));
            } else {
                w.send(completed(d, "ok"));
            }
        });

        // one attempt each, one at a time: a charged attempt would leave item 0 none, and item 1
        // can only leave once item 0 is no longer in flight, that is after the limit was pushed back
        commands.send(Commands.batch(batchId, 3, 3, Commands.limited(4, 1, "it-throttled", null)));

        BatchCompleted done = awaitCompleted(batchId);
        assertThat(done.completed()).isEqualTo(3);
        assertThat(done.failed()).isZero();
        List<ItemDispatch> dispatches = worker.received(batchId);
        ItemDispatch again = dispatches.stream().filter(d -> d.index() == 0 && d.attempt() == 2).findFirst()
                .orElseThrow();
        assertThat(again.maxAttempts()).as("the throttled attempt is not charged").isEqualTo(2);
        assertThat(dispatches).filteredOn(d -> !(d.index() == 0 && d.attempt() == 1))
                .allSatisfy(d -> assertThat(d.dispatchedAt()).isAfterOrEqualTo(until.get().minusMillis(1)));
    }

    @Test
    void higherPriorityBatchTakesTheLimitFromALowerOneAlreadyRunningWhichIsToldItsPlace() {
        UUID low = UUID.randomUUID();
        UUID high = UUID.randomUUID();
        SlowAnswers slowly = new SlowAnswers(new AtomicInteger(), new AtomicInteger());
        worker.behave(low, slowly::answer);
        worker.behave(high, slowly::answer);
        commands.send(Commands.batch(low, 60, 60, Commands.limited(4, 3, "it-priority", Priority.LOW)));
        await().until(() -> worker.received(low).size() >= 2);

        // long enough (one item at a time) for the queue watch to see the low one wait twice in a row
        commands.send(Commands.batch(high, 80, 80, Commands.limited(4, 3, "it-priority", Priority.HIGH)));

        BatchQueued queued = await().until(() -> log.of(low, BatchQueued.class), list -> !list.isEmpty()).get(0);
        assertThat(queued.position()).isEqualTo(1);
        assertThat(queued.limit()).isEqualTo("it-priority");
        assertThat(queued.itemsAhead()).isPositive();
        assertThat(awaitCompleted(high).completed()).isEqualTo(80);
        assertThat(awaitCompleted(low).completed()).isEqualTo(60);
        List<Instant> highDispatches = worker.received(high).stream().map(ItemDispatch::dispatchedAt)
                .sorted(Comparator.naturalOrder()).toList();
        Instant firstHigh = highDispatches.get(0);
        Instant lastHigh = highDispatches.get(highDispatches.size() - 1);
        assertThat(worker.received(low)).as("no low-priority item leaves while high-priority ones wait")
                .noneMatch(d -> d.dispatchedAt().isAfter(firstHigh) && d.dispatchedAt().isBefore(lastHigh));
        assertThat(log.of(low, BatchQueued.class)).as("dispatched again, the low one leaves the queue")
                .last().satisfies(again -> assertThat(again.position()).isNull());
    }

    private static ItemRetrying throttled(ItemDispatch d, Instant until) {
        return new ItemRetrying(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                d.index(), d.attempt(), "fake-worker", d.label(),
                new ItemError("HTTP_429", "HTTP 429 from the processor endpoint", List.of("Retry-After: 2")),
                Duration.between(Instant.now(), until).toMillis(), until);
    }

    /** Answers each item 30 ms later and counts the items it holds at once, over every batch it serves. */
    private record SlowAnswers(AtomicInteger outstanding, AtomicInteger maxOutstanding) {

        void answer(ItemDispatch d, FakeWorker w) {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            w.send(started(d));
            // the worker counts the item as finished just before it reports the result
            w.later(30, () -> {
                outstanding.decrementAndGet();
                w.send(completed(d, "slow"));
            });
        }
    }
}
