package io.batchpulse.orchestrator.api;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.item.ItemFlags;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Read-only queries behind the internal API; counts come from the batch row's counters. */
@Component
class BatchQueries {

    private static final String BATCH_COLUMNS = """
            id, name, owner, status, status_reason, processor, config::text AS config, options::text AS options,
            total, pending, in_flight, completed, failed, cancelled, created_at, started_at, finished_at, stage,
            source::text AS source
            """;

    private static final Pattern LIKE_SPECIALS = Pattern.compile("[\\\\%_]");

    private final JdbcTemplate jdbc;

    BatchQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BatchView> batch(UUID id) {
        return jdbc.query("SELECT " + BATCH_COLUMNS + " FROM batch_jobs WHERE id = ?", BatchQueries::batchView, id)
                .stream().findFirst();
    }

    PageView<BatchView> batches(String owner, BatchStatus status, int page, int size) {
        String where = " WHERE (?::text IS NULL OR owner = ?) AND (?::text IS NULL OR status = ?)";
        String statusWire = status == null ? null : status.wire();
        long total = jdbc.queryForObject("SELECT count(*) FROM batch_jobs" + where, Long.class,
                owner, owner, statusWire, statusWire);
        List<BatchView> content = jdbc.query("SELECT " + BATCH_COLUMNS + " FROM batch_jobs" + where
                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", BatchQueries::batchView,
                owner, owner, statusWire, statusWire, size, (long) page * size);
        return page(content, page, size, total);
    }

    /**
     * A page of the batch's items by index.
     *
     * @param label a case-insensitive substring of the label, or null for every item
     */
    PageView<ItemView> items(UUID batchId, ItemStatus status, String label, int page, int size) {
        // conditions are added only when asked for, so each form gets a plan that can use its index
        StringBuilder where = new StringBuilder(" WHERE batch_id = ?");
        List<Object> args = new ArrayList<>(List.of(batchId));
        if (status != null) {
            // the status's flag lets the count and the page walk its partial index, if it has one
            ItemFlags.of(status).ifPresent(flag -> where.append(" AND ").append(flag));
            where.append(" AND status = ?");
            args.add(status.wire());
        }
        if (label != null) {
            where.append(" AND label ILIKE ? ESCAPE '\\'");
            args.add("%" + LIKE_SPECIALS.matcher(label).replaceAll("\\\\$0") + "%");
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM batch_items" + where, Long.class, args.toArray());
        args.add(size);
        args.add((long) page * size);
        List<ItemView> content = jdbc.query("""
                SELECT id, idx, label, status, attempt, worker_id, payload::text AS payload, result::text AS result,
                       score, error::text AS error, dispatched_at, started_at, finished_at
                FROM batch_items""" + where + " ORDER BY idx LIMIT ? OFFSET ?", BatchQueries::itemView,
                args.toArray());
        return page(content, page, size, total);
    }

    private static <T> PageView<T> page(List<T> content, int page, int size, long total) {
        return new PageView<>(content, page, size, total, (int) ((total + size - 1) / size));
    }

    private static BatchView batchView(ResultSet rs, int n) throws SQLException {
        return new BatchView(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("owner"),
                BatchStatus.fromWire(rs.getString("status")), rs.getString("status_reason"), rs.getString("processor"),
                JsonText.tree(rs.getString("config")), JsonText.read(rs.getString("options"), BatchOptions.class),
                rs.getLong("total"), rs.getLong("pending"), rs.getLong("in_flight"), rs.getLong("completed"),
                rs.getLong("failed"), rs.getLong("cancelled"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"), rs.getString("stage"),
                JsonText.read(rs.getString("source"), FileSource.class));
    }

    private static ItemView itemView(ResultSet rs, int n) throws SQLException {
        Instant started = Rows.instant(rs, "started_at");
        Instant finished = Rows.instant(rs, "finished_at");
        Long durationMs = started != null && finished != null ? Duration.between(started, finished).toMillis() : null;
        return new ItemView(Rows.uuid(rs, "id"), rs.getLong("idx"), rs.getString("label"),
                ItemStatus.fromWire(rs.getString("status")), rs.getInt("attempt"), rs.getString("worker_id"),
                JsonText.tree(rs.getString("payload")), JsonText.tree(rs.getString("result")),
                Rows.nullableDouble(rs, "score"), JsonText.read(rs.getString("error"), ItemError.class),
                Rows.instant(rs, "dispatched_at"), started, finished, durationMs);
    }
}
