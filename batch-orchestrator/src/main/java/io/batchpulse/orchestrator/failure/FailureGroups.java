package io.batchpulse.orchestrator.failure;

import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.query.FailuresView;
import io.batchpulse.orchestrator.db.JsonText;
import io.batchpulse.orchestrator.db.Rows;
import io.batchpulse.orchestrator.item.ItemFlags;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A batch's failed items by failure group. The report is one statement over the partial
 * failure-group index (failed items only), so a million-item batch costs what its failures
 * cost, and the counts and examples come from the same snapshot of the rows.
 */
@Component
public class FailureGroups {

    // the statements name the flag the failure-group index is partial on (ItemFlags) next to the status
    private static final String GROUPS = """
            SELECT g.failure_group, g.items, g.first_failed_at, g.last_failed_at, e.idx, e.label, e.error::text AS error
            FROM (SELECT failure_group, count(*) AS items, min(idx) AS example_idx,
                         min(finished_at) AS first_failed_at, max(finished_at) AS last_failed_at
                  FROM batch_items WHERE batch_id = ? AND %s AND status = 'failed'
                  GROUP BY failure_group) g
            JOIN batch_items e ON e.batch_id = ? AND e.idx = g.example_idx
            """.formatted(ItemFlags.FAILED);

    private static final String COUNT_GROUP = "SELECT count(*) FROM batch_items "
            + "WHERE batch_id = ? AND " + ItemFlags.FAILED + " AND status = 'failed' AND failure_group = ?";
    private static final String COUNT_UNGROUPED = "SELECT count(*) FROM batch_items "
            + "WHERE batch_id = ? AND " + ItemFlags.FAILED + " AND status = 'failed' AND failure_group IS NULL";

    private final JdbcTemplate jdbc;

    FailureGroups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Failed items in this group now: a key or {@link FailureGroup#UNGROUPED}. */
    public long failedIn(UUID batchId, String group) {
        return FailureGroup.UNGROUPED.equals(group)
                ? jdbc.queryForObject(COUNT_UNGROUPED, Long.class, batchId)
                : jdbc.queryForObject(COUNT_GROUP, Long.class, batchId, group);
    }

    boolean batchExists(UUID batchId) {
        return !jdbc.queryForList("SELECT 1 FROM batch_jobs WHERE id = ?", Integer.class, batchId).isEmpty();
    }

    /** Every group of the batch, largest first (ties by key, so the order is stable). */
    FailuresView report(UUID batchId) {
        List<FailuresView.Group> groups = jdbc.query(GROUPS, FailureGroups::group, batchId, batchId).stream()
                .sorted(Comparator.comparingLong(FailuresView.Group::count).reversed()
                        .thenComparing(FailuresView.Group::key))
                .toList();
        return new FailuresView(batchId, groups.stream().mapToLong(FailuresView.Group::count).sum(), groups);
    }

    /** Code and signature come from the example's error: the same function made the group's key from it. */
    private static FailuresView.Group group(ResultSet rs, int n) throws SQLException {
        ItemError error = JsonText.read(rs.getString("error"), ItemError.class);
        FailureGroup failure = FailureGroup.of(error);
        String key = rs.getString("failure_group");
        return new FailuresView.Group(key == null ? FailureGroup.UNGROUPED : key, failure.code(), failure.signature(),
                rs.getLong("items"),
                new FailuresView.Example(rs.getLong("idx"), rs.getString("label"), error == null ? null : error.message()),
                Rows.instant(rs, "first_failed_at"), Rows.instant(rs, "last_failed_at"));
    }
}
