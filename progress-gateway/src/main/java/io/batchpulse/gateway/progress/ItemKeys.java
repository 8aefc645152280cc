package io.batchpulse.gateway.progress;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the per-item store: batchId then itemId, 32 bytes. Leading with the batch keeps one
 * batch's items together, so they can be range-scanned (for a future purge of ended batches).
 */
final class ItemKeys {

    private ItemKeys() {
    }

    static Bytes of(UUID batchId, UUID itemId) {
        return Bytes.wrap(ByteBuffer.allocate(32)
                .putLong(batchId.getMostSignificantBits())
                .putLong(batchId.getLeastSignificantBits())
                .putLong(itemId.getMostSignificantBits())
                .putLong(itemId.getLeastSignificantBits())
                .array());
    }
}
