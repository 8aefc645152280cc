package io.batchpulse.orchestrator.owner;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The dispatch_owners rows: who holds each batch-commands partition, under which epoch. */
@Component
class OwnerEpochs {

    /** A partition taken over: its new epoch, and whether the owner before handed it over cleanly. */
    record Acquired(int partition, long epoch, boolean handedOver) {
    }

    private final JdbcTemplate jdbc;

    OwnerEpochs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the partition under a new epoch; the caller holds a transaction. The row lock waits
     * for an ex-owner's claim transaction that read the old epoch, so no claim of the old epoch
     * commits after this one.
     */
    Acquired acquire(int partition, String owner) {
        List<Boolean> before = jdbc.queryForList(
                "SELECT released FROM dispatch_owners WHERE partition = ? FOR UPDATE", Boolean.class, partition);
        long epoch = jdbc.queryForObject("""
                INSERT INTO dispatch_owners (partition, owner, epoch, released) VALUES (?, ?, 1, false)
                ON CONFLICT (partition) DO UPDATE
                SET owner = excluded.owner, epoch = dispatch_owners.epoch + 1, released = false, acquired_at = now()
                RETURNING epoch
                """, Long.class, partition, owner);
        return new Acquired(partition, epoch, !before.isEmpty() && before.get(0));
    }

    /** Marks a clean hand-over, unless someone took the partition meanwhile. */
    void release(int partition, String owner, long epoch) {
        jdbc.update("UPDATE dispatch_owners SET released = true WHERE partition = ? AND owner = ? AND epoch = ?",
                partition, owner, epoch);
    }

    /**
     * The current epoch of each partition, read FOR SHARE: until the caller's transaction ends, no
     * one can take these partitions over.
     */
    Map<Integer, Long> lockEpochs(Collection<Integer> partitions) {
        Map<Integer, Long> epochs = new HashMap<>();
        jdbc.query("SELECT partition, epoch FROM dispatch_owners WHERE partition = ANY(?::int[]) FOR SHARE",
                rs -> {
                    epochs.put(rs.getInt("partition"), rs.getLong("epoch"));
                }, (Object) partitions.toArray(Integer[]::new));
        return epochs;
    }
}
