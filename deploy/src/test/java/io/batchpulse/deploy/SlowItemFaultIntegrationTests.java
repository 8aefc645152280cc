package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.item.ItemStarted;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault F10 of RELIABILITY.md on the three-broker cluster: items slower than their lease (7 s
 * against 4 s) whose processor reports progress every 250 ms. No attempt may lose its lease
 * while it reports progress, and each item counts once. A control batch of the same items that
 * report nothing runs beside it: its attempts must expire (so the lease really is shorter than
 * the items, and the check above could fail).
 *
 * <p>No attempt may expire before it starts either: a worker's consumer thread runs the records of
 * one poll in parallel and polls again only when all of them are done, so a dispatch that arrives
 * meanwhile waits behind the slowest item of that poll. That wait is on the start timeout (15 min),
 * not on the item's 4 s; before, 11–34 attempts a run expired unstarted and items failed that never ran.
 */
class SlowItemFaultIntegrationTests extends FaultIntegrationTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    /** An expiry decided within this of a progress report of its attempt came while it reported progress. */
    private static final Duration REPORTING = Duration.ofSeconds(2);

    @TestFactory
    Stream<DynamicTest> anItemSlowerThanItsLeaseThatReportsProgressKeepsItAndCountsOnce() {
        return FaultRuns.of("F10 items slower than their lease", 1, random -> {
            int total = 24;
            UUID batch = batches.create(slowItems("slow items reporting progress", total, 250, 3));
            UUID control = batches.create(slowItems("slow items reporting nothing", 6, 0, 2));
            try (ViewerLog viewer = ViewerLog.watch("viewer", cluster.gatewayUrl(), batch, api.token())) {
                long startedAt = System.nanoTime();
                FaultRuns.Row row = finish(batch, total, startedAt, viewer);
                List<BatchEvent> events = batches.events(batch);
                assertThat(expiries(events, within(events, ItemProgress.class, REPORTING)))
                        .as("F10: leases that expired while their attempt reported progress").isEmpty();

                batches.await(control, "a final status", view -> view.path("finishedAt").isString());
                Invariants.assertExact(batches, control, 6, List.of());
                List<BatchEvent> controlEvents = batches.events(control);
                assertThat(expiries(controlEvents, within(controlEvents, ItemStarted.class, LEASE.multipliedBy(3))))
                        .as("control: started attempts of items that report nothing lose their lease").isNotEmpty();
                Predicate<ItemEvent> started = within(events, ItemStarted.class, Duration.ofDays(1));
                assertThat(expiries(events, started.negate()))
                        .as("F10: attempts that waited behind a slow item expired before they started").isEmpty();
                return row.noting(expiries(events, started).size() + " started attempts expired");
            }
        });
    }

    /** Items of 7 s ± 1 s on a 4 s lease, at most 6 of a batch at once. */
    private static ObjectNode slowItems(String name, int items, long progressEveryMs, int maxAttempts) {
        ObjectNode body = Batches.body(name, items, 7_000, 0.0, maxAttempts, LEASE.toString());
        ((ObjectNode) body.path("config")).put("latencyJitterMs", 1_000).put("progressEveryMs", progressEveryMs);
        ((ObjectNode) body.path("options")).put("maxInFlight", 6);
        return body;
    }

    /** The lease expiries among the events (item.retrying or item.failed, LEASE_EXPIRED) that match. */
    private static List<ItemEvent> expiries(List<BatchEvent> events, Predicate<ItemEvent> matching) {
        return events.stream().filter(LeaseExpiries::isExpiry).map(ItemEvent.class::cast)
                .filter(matching).toList();
    }

    /** An expiry decided within {@code window} after an event of this type of the same attempt. */
    private static Predicate<ItemEvent> within(List<BatchEvent> events, Class<? extends ItemEvent> type, Duration window) {
        return expiry -> events.stream().filter(type::isInstance).map(ItemEvent.class::cast)
                .filter(event -> event.itemId().equals(expiry.itemId()) && event.attempt() == expiry.attempt())
                .map(ItemEvent::occurredAt)
                .anyMatch(at -> !at.isAfter(expiry.occurredAt()) && at.isAfter(expiry.occurredAt().minus(window)));
    }
}
