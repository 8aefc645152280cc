package io.batchpulse.orchestrator.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.OrchestratorIntegrationTest;
import io.batchpulse.orchestrator.support.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Item updates that change no indexed column are HOT (migration V12): a start and every lease
 * renewal keep the partial indexes' flags, so PostgreSQL chains the new row version on its page
 * and writes no index entry. Before V12 status sat in the indexes' predicates and the lease was an
 * index key, and not one item update was HOT.
 *
 * <p>The worker answers in phases the test drives, each one recorded before the next is sent, so
 * every item row is updated exactly five times whatever the load: claim, start, two renewals,
 * result (an item.started arriving in one poll with its result would be folded into the result's
 * update). The database is this class's own, so the table statistics count this batch only; a
 * backend publishes them when idle, within seconds, hence the waits on the counters.
 */
class HotItemUpdatesIntegrationTests extends OrchestratorIntegrationTest {

    private static final TestEnvironment ENV = TestEnvironment.create();
    private static final int ITEMS = 300;
    private static final int RENEWALS = 2;
    private static final Duration STATISTICS = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }

    @Test
    void startsAndLeaseRenewalsAreHotUpdates() {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(FakeWorker.started(d)));
        commands.send(Commands.batch(batchId, ITEMS, 100, Commands.options(ITEMS, 3, Duration.ofMinutes(30))));

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM batch_items WHERE batch_id = ? AND status = 'in_progress'", Long.class,
                batchId) == ITEMS);
        awaitItemUpdates(2L * ITEMS);
        List<ItemDispatch> dispatched = worker.received(batchId);
        assertThat(dispatched).hasSize(ITEMS);
        for (int renewal = 1; renewal <= RENEWALS; renewal++) {
            int percent = renewal * 100 / (RENEWALS + 1);
            dispatched.forEach(d -> worker.send(progress(d, percent)));
            awaitItemUpdates((2L + renewal) * ITEMS);
        }
        dispatched.forEach(d -> worker.send(FakeWorker.completed(d, "done")));

        assertThat(awaitCompleted(batchId).status()).isEqualTo(BatchStatus.COMPLETED);
        long total = (3L + RENEWALS) * ITEMS;
        Updates updates = awaitItemUpdates(total);
        System.out.printf("batch_items: %,d updates, %,d HOT (%.3f); expected HOT at most %,d (%.3f)%n",
                updates.all(), updates.hot(), updates.hotRatio(), (1L + RENEWALS) * ITEMS,
                (1.0 + RENEWALS) / (3 + RENEWALS));

        assertThat(updates.all()).as("claim, start, %d renewals and the result of each item", RENEWALS)
                .isEqualTo(total);
        // every start and renewal could be HOT (0.6); one that finds its page full is not
        assertThat(updates.hotRatio()).as("HOT share of item updates").isGreaterThan(0.3);
        assertThat(batchRow(batchId)).isEqualTo("completed " + ITEMS + " 0 0 " + ITEMS + " 0 0");
    }

    /** Waits until the statistics show at least this many updates of batch_items, and returns them. */
    private Updates awaitItemUpdates(long atLeast) {
        return await().atMost(STATISTICS).until(() -> jdbc.queryForObject("""
                SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'batch_items'
                """, (rs, n) -> new Updates(rs.getLong("n_tup_upd"), rs.getLong("n_tup_hot_upd"))),
                updates -> updates.all() >= atLeast);
    }

    private static ItemProgress progress(ItemDispatch d, int percent) {
        return new ItemProgress(UUID.randomUUID(), d.batchId(), Instant.now(), SchemaVersion.CURRENT, d.itemId(),
                d.index(), d.attempt(), "fake-worker", d.label(), (double) percent, "working");
    }

    private record Updates(long all, long hot) {

        double hotRatio() {
            return all == 0 ? 0 : (double) hot / all;
        }
    }
}
