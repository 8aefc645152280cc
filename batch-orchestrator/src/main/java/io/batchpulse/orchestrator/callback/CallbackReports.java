package io.batchpulse.orchestrator.callback;

import io.batchpulse.events.model.CallbackEvent;
import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.orchestrator.db.Rows;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a batch's callbacks with their deliveries and attempts, three statements whatever their
 * number. A batch has a few callbacks and one delivery per status change, so the lists stay short.
 */
@Component
class CallbackReports {

    private final JdbcTemplate jdbc;

    CallbackReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty for an unknown batch; a batch without callbacks has an empty list. */
    Optional<CallbacksView> report(UUID batchId) {
        Boolean exists = jdbc.queryForObject("SELECT exists (SELECT 1 FROM batch_jobs WHERE id = ?)", Boolean.class,
                batchId);
        if (!Boolean.TRUE.equals(exists)) {
            return Optional.empty();
        }
        Map<UUID, List<CallbacksView.Attempt>> attempts = attempts(batchId);
        Map<Integer, List<CallbacksView.Delivery>> deliveries = new LinkedHashMap<>();
        jdbc.query("""
                SELECT id, position, event, status, created_at, next_attempt_at, delivered_at, give_up_at
                FROM callback_deliveries WHERE batch_id = ? ORDER BY position, created_at DESC, id
                """, rs -> {
            UUID id = Rows.uuid(rs, "id");
            deliveries.computeIfAbsent(rs.getInt("position"), p -> new ArrayList<>()).add(new CallbacksView.Delivery(
                    id, CallbackEvent.fromWire(rs.getString("event")), rs.getString("status"),
                    Rows.instant(rs, "created_at"), Rows.instant(rs, "next_attempt_at"),
                    Rows.instant(rs, "delivered_at"), Rows.instant(rs, "give_up_at"),
                    attempts.getOrDefault(id, List.of())));
        }, batchId);
        List<CallbacksView.Target> targets = jdbc.query("""
                SELECT position, url, events, secret IS NOT NULL AS secret_set
                FROM batch_callbacks WHERE batch_id = ? ORDER BY position
                """, (rs, n) -> new CallbacksView.Target(rs.getInt("position"), rs.getString("url"), events(rs),
                rs.getBoolean("secret_set"), deliveries.getOrDefault(rs.getInt("position"), List.of())), batchId);
        return Optional.of(new CallbacksView(batchId, targets));
    }

    private Map<UUID, List<CallbacksView.Attempt>> attempts(UUID batchId) {
        Map<UUID, List<CallbacksView.Attempt>> attempts = new LinkedHashMap<>();
        jdbc.query("""
                SELECT a.delivery_id, a.attempt, a.attempted_at, a.http_status, a.error, a.duration_ms
                FROM callback_attempts a JOIN callback_deliveries d ON d.id = a.delivery_id
                WHERE d.batch_id = ? ORDER BY a.delivery_id, a.attempt
                """, rs -> {
            int status = rs.getInt("http_status");
            Integer httpStatus = rs.wasNull() ? null : status;
            attempts.computeIfAbsent(Rows.uuid(rs, "delivery_id"), id -> new ArrayList<>()).add(
                    new CallbacksView.Attempt(rs.getInt("attempt"), Rows.instant(rs, "attempted_at"), httpStatus,
                            rs.getString("error"), rs.getLong("duration_ms")));
        }, batchId);
        return attempts;
    }

    private static List<CallbackEvent> events(ResultSet rs) throws SQLException {
        Array array = rs.getArray("events");
        return Arrays.stream((Object[]) array.getArray()).map(value -> CallbackEvent.fromWire((String) value)).toList();
    }
}
