package io.batchpulse.orchestrator.limit;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shared limits' rows ({@code dispatch_limits}, V8): the state several orchestrator instances
 * must agree on. Locks are taken after the batch rows (every writer locks batches first), in name
 * order, so a dispatcher and a recorder never wait for each other in a circle.
 */
@Component
public class SharedLimits {

    /** An upstream asked the items of this batch to wait until then (Retry-After). */
    public record Throttled(UUID batchId, Instant until) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, OrchestratorProperties.Limit> configured;

    SharedLimits(JdbcTemplate jdbc, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.configured = properties.limits();
    }

    /** The configured bounds of a limit; empty for a name no longer configured (its batches run unlimited). */
    public Optional<OrchestratorProperties.Limit> bounds(String name) {
        return Optional.ofNullable(configured.get(name));
    }

    /**
     * Locks the limits' rows, then reads their batches' in-flight counts. Two statements on purpose:
     * under READ COMMITTED the second one sees everything committed while this one waited for the
     * lock (another instance's dispatch of the same limit), which a sub-select of the first would not.
     */
    public Map<String, LimitState> lock(Collection<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        String[] sorted = new TreeSet<>(names).toArray(String[]::new);
        List<Row> rows = lockRows(sorted);
        if (rows.size() < sorted.length) {
            // A limit's first dispatch: its row is made here, once, by whichever instance comes first.
            jdbc.update("INSERT INTO dispatch_limits (name) SELECT unnest(?::text[]) ORDER BY 1 ON CONFLICT DO NOTHING",
                    (Object) sorted);
            rows = lockRows(sorted);
        }
        Map<String, Long> inFlight = new HashMap<>();
        jdbc.query("""
                SELECT options->>'limit' AS name, sum(in_flight) AS in_flight FROM batch_jobs
                WHERE options->>'limit' = ANY(?::text[]) AND in_flight > 0 GROUP BY 1
                """, rs -> {
                    inFlight.put(rs.getString("name"), rs.getLong("in_flight"));
                }, (Object) sorted);
        Map<String, LimitState> states = new HashMap<>();
        for (Row row : rows) {
            states.put(row.name(), new LimitState(row.name(), row.tokens(), row.refilledAt(), row.blockedUntil(),
                    inFlight.getOrDefault(row.name(), 0L), row.now()));
        }
        return states;
    }

    private record Row(String name, double tokens, Instant refilledAt, Instant blockedUntil, Instant now) {
    }

    private List<Row> lockRows(String[] sortedNames) {
        return jdbc.query("""
                SELECT name, tokens, refilled_at, blocked_until, now() AS now FROM dispatch_limits
                WHERE name = ANY(?::text[]) ORDER BY name FOR UPDATE
                """, (rs, n) -> new Row(rs.getString("name"), rs.getDouble("tokens"), Rows.instant(rs, "refilled_at"),
                Rows.instant(rs, "blocked_until"), Rows.instant(rs, "now")), (Object) sortedNames);
    }

    /** Takes what a tick dispatched out of the limits' buckets; the caller holds the locks. */
    public void consume(Map<String, LimitState> states, Map<String, Integer> dispatched) {
        List<Object[]> updates = new ArrayList<>();
        new TreeSet<>(dispatched.keySet()).forEach(name -> {
            LimitState state = states.get(name);
            OrchestratorProperties.Limit limit = configured.get(name);
            if (state != null && limit != null && limit.perSecond() != null) {
                updates.add(new Object[] {state.tokensNow(limit) - dispatched.get(name), state.now().toString(),
                        name});
            }
        });
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE dispatch_limits SET tokens = ?, refilled_at = ?::timestamptz WHERE name = ?",
                    updates);
        }
    }

    /**
     * Pushes the limits of these batches back to the latest time their upstream named; batches
     * without a limit have only their items pushed back. The caller holds the batch rows' locks.
     */
    public void pushBack(List<Throttled> throttled) {
        if (throttled.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO dispatch_limits AS l (name, blocked_until)
                SELECT b.options->>'limit', max(u.until)
                FROM unnest(?::uuid[], ?::timestamptz[]) AS u(batch_id, until) JOIN batch_jobs b ON b.id = u.batch_id
                WHERE b.options->>'limit' IS NOT NULL
                GROUP BY 1 ORDER BY 1
                ON CONFLICT (name) DO UPDATE SET blocked_until = greatest(l.blocked_until, excluded.blocked_until)
                """, SqlArrays.uuids(throttled.stream().map(Throttled::batchId).toList()),
                throttled.stream().map(t -> t.until().toString()).toArray(String[]::new));
    }
}
