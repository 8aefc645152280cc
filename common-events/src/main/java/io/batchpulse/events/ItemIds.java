package io.batchpulse.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Item ids are derived from the batch id and the item's position, so a redelivered
 * append-items command inserts the same ids and changes nothing.
 */
public final class ItemIds {

    private ItemIds() {
    }

    public static UUID of(UUID batchId, long index) {
        return UUID.nameUUIDFromBytes((batchId + ":" + index).getBytes(StandardCharsets.UTF_8));
    }
}
