package io.batchpulse.events;

import java.util.UUID;

/**
 * A batch-commands or batch-events record whose key is not its batch id's string form. Every
 * producer keys these topics by the batch id: the partition (and so the orchestrator that owns the
 * batch, and the order of its records) and the gateway's per-key progress fold depend on it. Such a
 * record comes from a broken or hostile producer; acting on it could move another batch's counts, so
 * readers refuse it and dead-letter it.
 */
public class MisaddressedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MisaddressedRecordException(String key, UUID batchId) {
        super("record key " + (key == null ? "null" : "'" + abbreviate(key) + "'") + " is not its batchId "
                + batchId);
    }

    /** Whether a record is keyed by exactly this batch id (the form {@link BatchPartitions} hashes). */
    public static boolean keyedBy(String key, UUID batchId) {
        return batchId != null && batchId.toString().equals(key);
    }

    /** Fails unless the record is keyed by exactly this batch id. */
    public static void check(String key, UUID batchId) {
        if (!keyedBy(key, batchId)) {
            throw new MisaddressedRecordException(key, batchId);
        }
    }

    private static String abbreviate(String key) {
        return key.length() <= 64 ? key : key.substring(0, 64) + "...";
    }
}
