package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.Rows;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Covers a crash between the commit that marked items dispatched and the send of their dispatch
 * records: on start-up, before the first tick, every item still dispatched (not started) is sent
 * again with the same attempt. If the first send did happen the worker runs the attempt twice,
 * and only the first final event of that attempt counts.
 */
@Component
class StartupRedispatch {

    private static final Logger log = LoggerFactory.getLogger(StartupRedispatch.class);

    private final JdbcTemplate jdbc;
    private final DispatchTargets targets;
    private final DispatchSender sender;
    private final int chunk;

    StartupRedispatch(JdbcTemplate jdbc, DispatchTargets targets, DispatchSender sender,
            OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.targets = targets;
        this.sender = sender;
        this.chunk = properties.dispatch().redispatchChunk();
    }

    void resendDispatched() {
        int resent = 0;
        String after = "00000000-0000-0000-0000-000000000000";
        while (true) {
            List<Claimed> items = jdbc.query("""
                    SELECT id, batch_id, idx, attempt, attempt_base, label, payload::text AS payload, dispatched_at
                    FROM batch_items WHERE status = 'dispatched' AND id > ?::uuid ORDER BY id LIMIT ?
                    """, (rs, n) -> new Claimed(Rows.uuid(rs, "id"), Rows.uuid(rs, "batch_id"), rs.getLong("idx"),
                    rs.getInt("attempt"), rs.getInt("attempt_base"), rs.getString("label"), rs.getString("payload"),
                    Rows.instant(rs, "dispatched_at")), after, chunk);
            if (items.isEmpty()) {
                break;
            }
            try {
                sender.send(items, targets.of(items.stream().map(Claimed::batchId).distinct().toList()), false);
            } catch (RuntimeException e) {
                // The lease re-dispatches whatever this could not send.
                log.warn("Re-sending dispatched items on start-up failed; their leases will cover them", e);
                return;
            }
            resent += items.size();
            after = items.get(items.size() - 1).itemId().toString();
        }
        if (resent > 0) {
            log.info("Re-sent {} dispatched items that had not started before this start", resent);
        }
    }
}
