package io.batchpulse.gateway.progress;

import io.batchpulse.events.model.ItemStatus;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Eleven bytes per item instead of a JSON document: a million-item batch keeps a small store and
 * changelog. Status codes are fixed here, not taken from the enum's order, so reordering the
 * enum can never reinterpret stored state. A failed item also keeps its failure group: eight bytes
 * more (format 2), only for the items that need them.
 */
final class ItemStateSerde implements Serde<ItemState>, Serializer<ItemState>, Deserializer<ItemState> {

    private static final byte FORMAT = 1;
    private static final int SIZE = 11;
    private static final byte GROUPED_FORMAT = 2;
    private static final int GROUPED_SIZE = SIZE + Long.BYTES;
    private static final ItemStatus[] CODES = {ItemStatus.PENDING, ItemStatus.DISPATCHED, ItemStatus.IN_PROGRESS,
        ItemStatus.COMPLETED, ItemStatus.FAILED, ItemStatus.CANCELLED};

    @Override
    public byte[] serialize(String topic, ItemState state) {
        if (state == null) {
            return null;
        }
        boolean grouped = state.failureGroup() != 0;
        ByteBuffer buffer = ByteBuffer.allocate(grouped ? GROUPED_SIZE : SIZE)
                .put(grouped ? GROUPED_FORMAT : FORMAT)
                .putInt(state.attempt())
                .put((byte) state.rank())
                .put(code(state.status()))
                .putInt(state.generation());
        if (grouped) {
            buffer.putLong(state.failureGroup());
        }
        return buffer.array();
    }

    @Override
    public ItemState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        boolean grouped = data.length == GROUPED_SIZE && data[0] == GROUPED_FORMAT;
        if (!grouped && (data.length != SIZE || data[0] != FORMAT)) {
            throw new SerializationException("Not an item state of format " + FORMAT + " or " + GROUPED_FORMAT
                    + " (" + data.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data, 1, data.length - 1);
        int attempt = buffer.getInt();
        int rank = buffer.get();
        ItemStatus status = CODES[buffer.get()];
        int generation = buffer.getInt();
        return new ItemState(attempt, rank, status, generation, grouped ? buffer.getLong() : 0);
    }

    private static byte code(ItemStatus status) {
        for (byte code = 0; code < CODES.length; code++) {
            if (CODES[code] == status) {
                return code;
            }
        }
        throw new SerializationException("No code for item status " + status);
    }

    @Override
    public Serializer<ItemState> serializer() {
        return this;
    }

    @Override
    public Deserializer<ItemState> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // stateless
    }
}
