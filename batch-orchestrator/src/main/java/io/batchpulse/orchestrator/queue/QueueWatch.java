package io.batchpulse.orchestrator.queue;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchQueued;
import io.batchpulse.events.model.Priority;
import io.batchpulse.events.progress.QueuePlace;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.outbox.Outbox;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells waiting batches where they stand: every observation (on the dispatcher thread, with the
 * lease sweep) it reads the running batches of the shared limits, measures each limit's throughput
 * and writes a batch.queued through the outbox for each batch whose place changed. A batch counts
 * as waiting only when two observations in a row find it so, so a batch that only waits for the
 * next free slot between two of its items does not flicker into the queue and out.
 */
@Component
public class QueueWatch {

    /** An expected start that moves less than this (and less than a tenth) is not worth an event. */
    static final Duration NOTABLE_SHIFT = Duration.ofSeconds(15);

    private record Row(UUID id, String limit, Priority priority, Instant startedAt, long pending, long inFlight,
            long finished) {
    }

    private final JdbcTemplate jdbc;
    private final Transactions transactions;
    private final Outbox outbox;
    private final Map<String, OrchestratorProperties.Limit> limits;
    private final BatchOwnership ownership;
    private final LimitThroughput throughput = new LimitThroughput();
    private final Map<UUID, QueuePlace> told = new HashMap<>();
    private Set<UUID> waitingBefore = Set.of();

    QueueWatch(JdbcTemplate jdbc, Transactions transactions, Outbox outbox, OrchestratorProperties properties,
            BatchOwnership ownership) {
        this.ownership = ownership;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.limits = properties.limits();
    }

    public void observe() {
        if (limits.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<Row> rows = jdbc.query("""
                SELECT id, options->>'limit' AS lim, options->>'priority' AS priority, started_at, pending, in_flight,
                       completed + failed AS finished
                FROM batch_jobs WHERE status = 'running' AND options->>'limit' IS NOT NULL
                """, (rs, n) -> new Row(Rows.uuid(rs, "id"), rs.getString("lim"),
                rs.getString("priority") == null ? Priority.NORMAL : Priority.fromWire(rs.getString("priority")),
                Rows.instant(rs, "started_at"), rs.getLong("pending"), rs.getLong("in_flight"), rs.getLong("finished")));
        Map<String, List<Row>> byLimit = new HashMap<>();
        rows.stream().filter(r -> limits.containsKey(r.limit()))
                .forEach(r -> byLimit.computeIfAbsent(r.limit(), name -> new ArrayList<>()).add(r));
        Map<UUID, QueuePlace> places = new HashMap<>();
        byLimit.forEach((limit, batches) -> {
            Map<UUID, Long> finished = new HashMap<>();
            batches.forEach(b -> finished.put(b.id(), b.finished()));
            throughput.observe(limit, finished, now);
            places.putAll(QueueBoard.places(limit, batches.stream().map(b -> new QueueBoard.Batch(b.id(),
                    b.priority(), b.startedAt(), b.pending(), b.inFlight())).toList(),
                    limits.get(limit).maxConcurrent(), throughput.perSecond(limit), now));
        });
        Set<UUID> running = new HashSet<>();
        rows.forEach(r -> running.add(r.id()));
        throughput.retainBatches(running);
        // places count every instance's batches; each batch is told its own by its owner
        Set<UUID> owned = new HashSet<>(ownership.owned(running));
        told.keySet().retainAll(owned);
        Set<UUID> waitingNow = Set.copyOf(places.keySet());
        places.keySet().retainAll(waitingBefore);
        waitingBefore = waitingNow;
        tell(changes(owned, places), now);
    }

    /** The batches whose place differs notably from what they were last told (null: no longer waiting). */
    private Map<UUID, QueuePlace> changes(Set<UUID> owned, Map<UUID, QueuePlace> places) {
        Map<UUID, QueuePlace> changed = new HashMap<>();
        for (UUID id : owned) {
            QueuePlace now = places.get(id);
            QueuePlace before = told.get(id);
            if (now == null ? before != null : before == null || notable(before, now)) {
                changed.put(id, now);
            }
        }
        return changed;
    }

    private static boolean notable(QueuePlace before, QueuePlace now) {
        if (before.position() != now.position() || (before.expectedStartAt() == null) != (now.expectedStartAt() == null)) {
            return true;
        }
        if (now.expectedStartAt() == null) {
            return false;
        }
        Duration shift = Duration.between(before.expectedStartAt(), now.expectedStartAt()).abs();
        Duration left = Duration.between(Instant.now(), before.expectedStartAt()).abs();
        return shift.compareTo(NOTABLE_SHIFT) > 0 && shift.compareTo(left.dividedBy(10)) > 0;
    }

    /** One transaction: the rows of batches still running are locked (as every outbox writer does) and told. */
    private void tell(Map<UUID, QueuePlace> changed, Instant now) {
        if (changed.isEmpty()) {
            return;
        }
        List<UUID> stillRunning = transactions.inTransaction(() -> {
            List<UUID> locked = jdbc.queryForList("SELECT id FROM batch_jobs WHERE id = ANY(?::uuid[]) "
                    + "AND status = 'running' ORDER BY id FOR UPDATE", UUID.class,
                    (Object) SqlArrays.uuids(changed.keySet()));
            outbox.appendAll(locked.stream().map(id -> event(id, changed.get(id), now)).toList());
            return locked;
        });
        stillRunning.forEach(id -> {
            QueuePlace place = changed.get(id);
            if (place == null) {
                told.remove(id);
            } else {
                told.put(id, place);
            }
        });
    }

    private static BatchQueued event(UUID batchId, QueuePlace place, Instant now) {
        return place == null
                ? new BatchQueued(UUID.randomUUID(), batchId, now, SchemaVersion.CURRENT, null, null, 0, null)
                : new BatchQueued(UUID.randomUUID(), batchId, now, SchemaVersion.CURRENT, place.position(),
                        place.limit(), place.itemsAhead(), place.expectedStartAt());
    }
}
