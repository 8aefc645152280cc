package io.batchpulse.orchestrator.db;

import java.util.Collection;
import java.util.UUID;

/**
 * Bulk statements bind whole columns as one array parameter ({@code unnest(?::uuid[], ...)}), so
 * N rows cost one statement. Text arrays with a cast work for every column type.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static String[] uuids(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }
}
