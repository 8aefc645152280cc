package io.batchpulse.worker.dispatch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.ItemDispatchSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an item-dispatch record, and refuses one this worker cannot act on: a newer schema
 * version (it might carry instructions this worker would ignore) or one without the ids its
 * events must carry. Refusing here, wrapped by the ErrorHandlingDeserializer, sends the original
 * bytes to the dead-letter topic with the reason in its headers.
 */
class ReadableDispatchDeserializer implements Deserializer<ItemDispatch> {

    private final ItemDispatchSerde json = new ItemDispatchSerde();

    @Override
    public ItemDispatch deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("Empty item-dispatch record (tombstone) on topic " + topic);
        }
        ItemDispatch dispatch = json.deserialize(topic, data);
        if (!dispatch.understood()) {
            throw new SerializationException("ItemDispatch schemaVersion " + dispatch.schemaVersion()
                    + " is not supported by this worker (it reads 1.." + SchemaVersion.CURRENT
                    + "); upgrade the workers");
        }
        if (dispatch.batchId() == null || dispatch.itemId() == null) {
            throw new SerializationException("ItemDispatch without batchId or itemId on topic " + topic);
        }
        return dispatch;
    }
}
