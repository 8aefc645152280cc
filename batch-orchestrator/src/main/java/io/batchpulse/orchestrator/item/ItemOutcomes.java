package io.batchpulse.orchestrator.item;

import static io.batchpulse.orchestrator.item.ItemStatusMachine.sqlFrom;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.item.ItemStatusMachine.Move;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What workers report, one bulk statement per kind of item event. Each moves only rows whose
 * attempt equals the event's and whose status takes the move ({@link ItemStatusMachine}): a late
 * result of an older attempt, a duplicate, or a second final event of the same attempt matches
 * nothing. RETURNING tells which rows really moved, and only those change the counters.
 */
@Component
public class ItemOutcomes {

    private static final String STARTED = """
            UPDATE batch_items i SET status = 'in_progress', worker_id = coalesce(u.worker_id, i.worker_id),
                   started_at = coalesce(i.started_at, u.at),
                   lease_expires_at = now() + (b.options->>'itemTimeout')::interval
            FROM unnest(?::uuid[], ?::int[], ?::text[], ?::timestamptz[], ?::uuid[])
                 AS u(id, attempt, worker_id, at, batch_id),
                 batch_jobs b
            WHERE i.id = u.id AND i.batch_id = u.batch_id AND i.attempt = u.attempt AND i.status IN %s
              AND b.id = i.batch_id
            """.formatted(sqlFrom(Move.START));

    private static final String COMPLETED = """
            UPDATE batch_items i SET status = 'completed', result = u.result::jsonb, score = u.score::float8,
                   worker_id = coalesce(u.worker_id, i.worker_id), finished_at = u.at,
                   started_at = coalesce(i.started_at, u.started), lease_expires_at = NULL, error = NULL
            FROM unnest(?::uuid[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::timestamptz[],
                        ?::uuid[])
                 AS u(id, attempt, worker_id, at, result, score, started, batch_id)
            WHERE i.id = u.id AND i.batch_id = u.batch_id AND i.attempt = u.attempt AND i.status IN %s
            RETURNING i.batch_id
            """.formatted(sqlFrom(Move.COMPLETE));

    private static final String FAILED = """
            UPDATE batch_items i SET status = 'failed', error = u.error::jsonb, failure_group = u.failure_group,
                   worker_id = coalesce(u.worker_id, i.worker_id), finished_at = u.at, lease_expires_at = NULL,
                   started_at = coalesce(i.started_at, u.started)
            FROM unnest(?::uuid[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[],
                        ?::uuid[])
                 AS u(id, attempt, worker_id, at, error, started, failure_group, batch_id)
            WHERE i.id = u.id AND i.batch_id = u.batch_id AND i.attempt = u.attempt AND i.status IN %s
            RETURNING i.batch_id
            """.formatted(sqlFrom(Move.FAIL));

    /**
     * A throttled retry (the upstream's Retry-After) waits until the time it names and moves the
     * attempt budget up by one, as retry-failed does: the attempt number still rises, so every
     * reader can tell the next attempt's events from this one's, but the item keeps its attempts.
     */
    private static final String RETRYING = """
            UPDATE batch_items i SET status = 'pending', error = u.error::jsonb, lease_expires_at = NULL,
                   not_before = coalesce(u.throttled_until, u.at + u.delay_ms * interval '1 millisecond'),
                   attempt_base = i.attempt_base + CASE WHEN u.throttled_until IS NULL THEN 0 ELSE 1 END
            FROM unnest(?::uuid[], ?::int[], ?::timestamptz[], ?::text[], ?::bigint[], ?::timestamptz[], ?::uuid[])
                 AS u(id, attempt, at, error, delay_ms, throttled_until, batch_id)
            WHERE i.id = u.id AND i.batch_id = u.batch_id AND i.attempt = u.attempt AND i.status IN %s
            RETURNING i.batch_id, u.throttled_until
            """.formatted(sqlFrom(Move.RETRY));

    private final JdbcTemplate jdbc;

    ItemOutcomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** item.started and item.progress: the attempt is alive; renew its lease. */
    public void markStarted(List<ItemEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<ItemEvent> sorted = byItemId(events);
        jdbc.update(STARTED, ids(sorted), attempts(sorted), column(sorted, ItemEvent::workerId), times(sorted),
                batchIds(sorted));
    }

    /**
     * Returns the batch id of every item that really completed (one entry per item).
     *
     * @param startedAt the attempt's start when its item.started came in the same poll (else null)
     */
    public List<UUID> recordCompleted(List<ItemCompleted> events, Function<ItemEvent, Instant> startedAt) {
        return moved(COMPLETED, events, sorted -> new Object[] {ids(sorted), attempts(sorted),
                column(sorted, ItemEvent::workerId), times(sorted), column(sorted, e -> JsonText.write(e.result())),
                column(sorted, e -> e.score() == null ? null : e.score().toString()), startTimes(sorted, startedAt),
                batchIds(sorted)});
    }

    /** Returns the batch id of every item that really failed for good; startedAt as for recordCompleted. */
    public List<UUID> recordFailed(List<ItemFailed> events, Function<ItemEvent, Instant> startedAt) {
        return moved(FAILED, events, sorted -> new Object[] {ids(sorted), attempts(sorted),
                column(sorted, ItemEvent::workerId), times(sorted), column(sorted, e -> JsonText.write(e.error())),
                startTimes(sorted, startedAt), column(sorted, e -> FailureGroup.of(e.error()).key()),
                batchIds(sorted)});
    }

    /** Every item that really went back to pending for a later attempt (one entry per item). */
    public List<Requeued> recordRetrying(List<ItemRetrying> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<ItemRetrying> sorted = byItemId(events);
        return jdbc.query(RETRYING, (rs, n) -> new Requeued(Rows.uuid(rs, "batch_id"), Rows.instant(rs,
                "throttled_until")), ids(sorted), attempts(sorted), times(sorted),
                column(sorted, e -> JsonText.write(e.error())),
                sorted.stream().map(e -> Math.max(0, e.retryDelayMs())).toArray(Long[]::new),
                column(sorted, e -> e.throttledUntil() == null ? null : e.throttledUntil().toString()),
                batchIds(sorted));
    }

    /** Runs a final-event statement over the events' columns (in item id order) and returns what moved. */
    private <E extends ItemEvent> List<UUID> moved(String sql, List<E> events, Function<List<E>, Object[]> columns) {
        if (events.isEmpty()) {
            return List.of();
        }
        return jdbc.query(sql, (rs, n) -> Rows.uuid(rs, "batch_id"), columns.apply(byItemId(events)));
    }

    /** Rows are touched in id order, the same order every bulk update uses. */
    private static <E extends ItemEvent> List<E> byItemId(List<E> events) {
        return events.stream().sorted(Comparator.comparing(ItemEvent::itemId)).toList();
    }

    private static String[] ids(List<? extends ItemEvent> events) {
        return column(events, e -> e.itemId().toString());
    }

    /** Matched with the row's batch too: an event naming another batch than its item's moves nothing. */
    private static String[] batchIds(List<? extends ItemEvent> events) {
        return column(events, e -> e.batchId().toString());
    }

    private static Integer[] attempts(List<? extends ItemEvent> events) {
        return events.stream().map(ItemEvent::attempt).toArray(Integer[]::new);
    }

    private static String[] times(List<? extends ItemEvent> events) {
        return column(events, e -> e.occurredAt() == null ? null : e.occurredAt().toString());
    }

    private static String[] startTimes(List<? extends ItemEvent> events, Function<ItemEvent, Instant> startedAt) {
        return events.stream().map(startedAt).map(at -> at == null ? null : at.toString()).toArray(String[]::new);
    }

    private static <E extends ItemEvent> String[] column(List<E> events, Function<E, String> value) {
        return events.stream().map(value).toArray(String[]::new);
    }
}
