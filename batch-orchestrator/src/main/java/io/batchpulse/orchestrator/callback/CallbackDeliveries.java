package io.batchpulse.orchestrator.callback;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.Rows;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The delivery rows' moves. A claim takes due rows with {@code FOR UPDATE SKIP LOCKED} and pushes
 * their due time out by a lease, in one statement, so however many orchestrators poll, one attempt
 * is made by one of them; a sender that dies loses its claim when the lease runs out. An attempt
 * is recorded only under the claim that made it.
 */
@Component
class CallbackDeliveries {

    /** A delivery claimed for one attempt. */
    record Claimed(UUID id, UUID batchId, UUID claim, int attempt, String event, String url, String secret,
            String body) {
    }

    /** How one attempt went: a receiver's status, or why there was none. */
    record Outcome(Integer httpStatus, String error, long durationMs) {

        boolean delivered() {
            return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        }
    }

    private final JdbcTemplate jdbc;
    private final OrchestratorProperties.Callbacks settings;
    private final CallbackBackoff backoff;

    CallbackDeliveries(JdbcTemplate jdbc, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.callbacks();
        this.backoff = new CallbackBackoff(settings);
    }

    List<Claimed> claim(int limit) {
        UUID claim = UUID.randomUUID();
        return jdbc.query("""
                UPDATE callback_deliveries d SET claim = ?, next_attempt_at = now() + make_interval(secs => ?)
                FROM batch_callbacks c
                WHERE d.id IN (SELECT id FROM callback_deliveries
                               WHERE status = 'pending' AND next_attempt_at <= now()
                               ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                  AND c.batch_id = d.batch_id AND c.position = d.position
                RETURNING d.id, d.batch_id, d.attempts, d.event, d.body, c.url, c.secret
                """, (rs, n) -> new Claimed(Rows.uuid(rs, "id"), Rows.uuid(rs, "batch_id"), claim,
                rs.getInt("attempts") + 1, rs.getString("event"), rs.getString("url"), rs.getString("secret"), rs.getString("body")),
                claim, seconds(settings.claimLease()), limit);
    }

    /**
     * Records the attempt and what follows: delivered, the next attempt after the backoff, or
     * failed when that would be past the delivery's give-up time.
     *
     * @return false when the claim was lost (its lease ran out and another instance took over)
     */
    boolean record(Claimed claimed, Outcome outcome) {
        double retryIn = outcome.delivered() ? 0 : seconds(backoff.afterFailedAttempts(claimed.attempt()));
        int updated = jdbc.update("""
                UPDATE callback_deliveries SET attempts = ?, claim = NULL,
                    status = CASE WHEN ? THEN 'delivered'
                                  WHEN now() + make_interval(secs => ?) > give_up_at THEN 'failed'
                                  ELSE 'pending' END,
                    delivered_at = CASE WHEN ? THEN now() ELSE delivered_at END,
                    next_attempt_at = CASE WHEN ? OR now() + make_interval(secs => ?) > give_up_at THEN NULL
                                           ELSE now() + make_interval(secs => ?) END
                WHERE id = ? AND claim = ?
                """, claimed.attempt(), outcome.delivered(), retryIn, outcome.delivered(), outcome.delivered(),
                retryIn, retryIn, claimed.id(), claimed.claim());
        if (updated == 0) {
            return false;
        }
        jdbc.update("""
                INSERT INTO callback_attempts (delivery_id, attempt, attempted_at, http_status, error, duration_ms)
                VALUES (?, ?, now() - make_interval(secs => ?), ?, ?, ?)
                """, claimed.id(), claimed.attempt(), outcome.durationMs() / 1000.0, outcome.httpStatus(),
                outcome.error(), outcome.durationMs());
        return true;
    }

    /**
     * Sends the delivery again, now, with a new give-up period; the body (and so the delivery id)
     * stays the same. An attempt under way keeps its claim and decides first.
     *
     * @return false when the batch has no such delivery
     */
    boolean resend(UUID batchId, UUID deliveryId) {
        return jdbc.update("""
                UPDATE callback_deliveries SET status = 'pending', give_up_at = now() + make_interval(secs => ?),
                    next_attempt_at = CASE WHEN claim IS NULL THEN now() ELSE next_attempt_at END
                WHERE id = ? AND batch_id = ?
                """, seconds(settings.giveUpAfter()), deliveryId, batchId) == 1;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
