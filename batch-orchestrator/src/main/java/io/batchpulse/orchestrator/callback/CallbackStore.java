package io.batchpulse.orchestrator.callback;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.CallbackEvent;
import io.batchpulse.events.url.CallbackTargets;
import io.batchpulse.events.url.TargetPolicy;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.db.Rows;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A batch's callbacks, and the deliveries its status changes enqueue. Every method runs in the
 * caller's transaction: the callbacks are stored with the create, and a delivery with the change it reports.
 */
@Component
public class CallbackStore {

    private final JdbcTemplate jdbc;
    private final TargetPolicy targets;
    private final Duration giveUpAfter;

    CallbackStore(JdbcTemplate jdbc, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.targets = properties.callbacks().targetPolicy();
        this.giveUpAfter = properties.callbacks().giveUpAfter();
    }

    /**
     * Why each callback's URL is refused before anything is stored: a loopback, private,
     * link-local or multicast host the allow-list does not name (as far as it shows without DNS;
     * the sender checks the resolved addresses at every attempt). Empty when all may be called.
     */
    public List<String> refusals(List<Callback> callbacks) {
        return CallbackTargets.refusals(callbacks, targets);
    }

    public void save(UUID batchId, List<Callback> callbacks) {
        for (int i = 0; i < callbacks.size(); i++) {
            Callback callback = callbacks.get(i);
            String[] events = callback.events().stream().distinct().map(CallbackEvent::wire).toArray(String[]::new);
            jdbc.update("INSERT INTO batch_callbacks (batch_id, position, url, events, secret) VALUES (?, ?, ?, ?::varchar[], ?)",
                    batchId, i, callback.url(), events, callback.secret());
        }
    }

    /** Gives a new batch the callbacks of another (Run again). */
    public void copy(UUID fromBatchId, UUID toBatchId) {
        jdbc.update("""
                INSERT INTO batch_callbacks (batch_id, position, url, events, secret)
                SELECT ?, position, url, events, secret FROM batch_callbacks WHERE batch_id = ?
                """, toBatchId, fromBatchId);
    }

    /**
     * Enqueues a delivery to each of the batch's callbacks that listens for this event. Called
     * with every event written to the outbox, after the change it reports was flushed, so the body
     * reads the batch as that change left it.
     */
    public void enqueueFor(BatchEvent event) {
        Optional<CallbackEvent> trigger = CallbackTriggers.of(event);
        if (trigger.isEmpty()) {
            return;
        }
        List<Integer> listening = jdbc.queryForList(
                "SELECT position FROM batch_callbacks WHERE batch_id = ? AND ? = ANY(events) ORDER BY position",
                Integer.class, event.batchId(), trigger.get().wire());
        if (listening.isEmpty()) {
            return;
        }
        for (int position : listening) {
            UUID deliveryId = UUID.randomUUID();
            String body = JsonText.write(body(deliveryId, trigger.get(), event));
            jdbc.update("""
                    INSERT INTO callback_deliveries (id, batch_id, position, event, body, status, next_attempt_at,
                                                     created_at, give_up_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', now(), now(), now() + make_interval(secs => ?))
                    """, deliveryId, event.batchId(), position, trigger.get().wire(), body,
                    (double) giveUpAfter.toMillis() / 1000);
        }
    }

    private CallbackBody body(UUID deliveryId, CallbackEvent trigger, BatchEvent event) {
        return jdbc.queryForObject("""
                SELECT name, status, status_reason, total, completed, failed, cancelled, pending, created_at,
                       started_at, finished_at
                FROM batch_jobs WHERE id = ?
                """, (rs, n) -> new CallbackBody(deliveryId, trigger, event.batchId(), rs.getString("name"),
                rs.getString("status"), rs.getString("status_reason"), rs.getLong("total"), rs.getLong("completed"),
                rs.getLong("failed"), rs.getLong("cancelled"), rs.getLong("pending"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"), event.occurredAt()),
                event.batchId());
    }
}
