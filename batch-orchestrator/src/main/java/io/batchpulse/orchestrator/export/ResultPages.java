package io.batchpulse.orchestrator.export;

import io.batchpulse.orchestrator.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A batch's items read in index order one page at a time (keyset: {@code idx > last}, on the
 * {@code (batch_id, idx)} unique index). Each page is its own short statement, so an export of a
 * million items holds a pooled connection for milliseconds at a time instead of for the whole
 * download (a cursor would pin a connection and an open transaction to the client's speed, and
 * a few slow downloads would starve the dispatcher and the recorder of connections). Rows are
 * not one snapshot across pages: an item that changes during the export is written as it was when
 * its page was read.
 */
@Component
class ResultPages {

    private final JdbcTemplate jdbc;

    ResultPages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The batch's name, if it exists. */
    Optional<String> batchName(UUID batchId) {
        return jdbc.queryForList("SELECT name FROM batch_jobs WHERE id = ?", String.class, batchId).stream()
                .findFirst();
    }

    /** Up to {@code limit} items after index {@code afterIndex}; {@code statuses} empty means all. */
    List<ResultRow> after(UUID batchId, long afterIndex, List<String> statuses, int limit) {
        String[] wanted = statuses.isEmpty() ? null : statuses.toArray(String[]::new);
        return jdbc.query("""
                SELECT idx, label, status, attempt, score, result::text AS result, error::text AS error,
                       error->>'code' AS error_code, error->>'message' AS error_message,
                       (error->'details')::text AS error_details, started_at, finished_at, worker_id
                FROM batch_items
                WHERE batch_id = ? AND idx > ? AND (?::text[] IS NULL OR status = ANY(?::text[]))
                ORDER BY idx
                LIMIT ?""", ResultPages::row, batchId, afterIndex, wanted, wanted, limit);
    }

    private static ResultRow row(ResultSet rs, int n) throws SQLException {
        Instant started = Rows.instant(rs, "started_at");
        Instant finished = Rows.instant(rs, "finished_at");
        Long durationMs = started != null && finished != null ? Duration.between(started, finished).toMillis() : null;
        return new ResultRow(rs.getLong("idx"), rs.getString("label"), rs.getString("status"), rs.getInt("attempt"),
                Rows.nullableDouble(rs, "score"), rs.getString("result"), rs.getString("error"),
                rs.getString("error_code"), rs.getString("error_message"), rs.getString("error_details"), started,
                finished, durationMs, rs.getString("worker_id"));
    }
}
