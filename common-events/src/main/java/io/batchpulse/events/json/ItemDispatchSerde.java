package io.batchpulse.events.json;

import io.batchpulse.events.item.ItemDispatch;

/** Serde for item-dispatch values; has a no-argument constructor so Kafka clients can create it from config. */
public class ItemDispatchSerde extends JsonSerde<ItemDispatch> {

    public ItemDispatchSerde() {
        super(ItemDispatch.class);
    }
}
