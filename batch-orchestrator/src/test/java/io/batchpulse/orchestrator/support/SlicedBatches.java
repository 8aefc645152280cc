package io.batchpulse.orchestrator.support;

import static org.awaitility.Awaitility.await;

import io.batchpulse.events.model.BatchOptions;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Large batches arranged in SQL, cheaply: the create goes through Kafka, the items are inserted
 * with generate_series and the counters set to match them. What the tests check they read with
 * queries of their own.
 */
public final class SlicedBatches {

    private SlicedBatches() {
    }

    /** A created, unsealed batch with {@code total} pending items; seal it with {@code Commands.seal}. */
    public static void pending(JdbcTemplate jdbc, Commands commands, UUID batchId, int total, BatchOptions options) {
        created(jdbc, commands, batchId, options);
        jdbc.update("""
                INSERT INTO batch_items (id, batch_id, idx, label, payload, status, attempt)
                SELECT gen_random_uuid(), ?, i, 'item ' || i, '{}'::jsonb, 'pending', 0 FROM generate_series(0, ? - 1) i
                """, batchId, total);
        jdbc.update("UPDATE batch_jobs SET total = ?, pending = ? WHERE id = ?", total, total, batchId);
    }

    /** A batch that ran and ended completed_with_errors: every one of its items failed its first attempt. */
    public static void failed(JdbcTemplate jdbc, Commands commands, UUID batchId, int total, BatchOptions options) {
        created(jdbc, commands, batchId, options);
        jdbc.update("""
                INSERT INTO batch_items (id, batch_id, idx, label, payload, status, attempt, error, finished_at)
                SELECT gen_random_uuid(), ?, i, 'item ' || i, '{}'::jsonb, 'failed', 1,
                       '{"code":"BOOM","message":"boom"}'::jsonb, now()
                FROM generate_series(0, ? - 1) i
                """, batchId, total);
        jdbc.update("""
                UPDATE batch_jobs SET total = ?, failed = ?, sealed = true, status = 'completed_with_errors',
                       started_at = now(), finished_at = now()
                WHERE id = ?
                """, total, total, batchId);
    }

    public static Map<String, Long> itemRows(JdbcTemplate jdbc, UUID batchId) {
        Map<String, Long> rows = new TreeMap<>();
        jdbc.query("SELECT status, count(*) AS n FROM batch_items WHERE batch_id = ? GROUP BY status",
                rs -> {
                    rows.put(rs.getString("status"), rs.getLong("n"));
                }, batchId);
        return rows;
    }

    private static void created(JdbcTemplate jdbc, Commands commands, UUID batchId, BatchOptions options) {
        commands.send(Commands.create(batchId, options));
        await().until(() -> jdbc.queryForObject("SELECT count(*) FROM batch_jobs WHERE id = ?", Long.class,
                batchId) == 1);
    }
}
