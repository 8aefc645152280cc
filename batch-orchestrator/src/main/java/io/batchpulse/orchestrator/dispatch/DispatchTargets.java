package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.db.SqlArrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Processor, config and options per batch, parsed once: they never change after create, and the
 * dispatcher needs them for every running batch on every tick.
 */
@Component
class DispatchTargets {

    private final JdbcTemplate jdbc;
    private final Map<UUID, DispatchTarget> cache = new ConcurrentHashMap<>();

    DispatchTargets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Loads what is missing for these batches in one query and returns the targets by batch id. */
    Map<UUID, DispatchTarget> of(Collection<UUID> batchIds) {
        List<UUID> missing = batchIds.stream().filter(id -> !cache.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            jdbc.query("SELECT id, processor, config::text AS config, options::text AS options, traceparent FROM batch_jobs "
                    + "WHERE id = ANY(?::uuid[])", rs -> {
                        cache.put(Rows.uuid(rs, "id"), new DispatchTarget(rs.getString("processor"),
                                JsonText.tree(rs.getString("config")),
                                JsonText.read(rs.getString("options"), BatchOptions.class).withDefaults(),
                                rs.getString("traceparent")));
                    }, (Object) SqlArrays.uuids(missing));
        }
        Map<UUID, DispatchTarget> targets = new java.util.HashMap<>();
        for (UUID id : batchIds) {
            DispatchTarget target = cache.get(id);
            if (target != null) {
                targets.put(id, target);
            }
        }
        return targets;
    }

    void retainOnly(Collection<UUID> batchIds) {
        cache.keySet().retainAll(batchIds);
    }
}
