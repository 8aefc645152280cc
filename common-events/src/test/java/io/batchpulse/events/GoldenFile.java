package io.batchpulse.events;

import io.batchpulse.events.json.JsonSerde;

/**
 * One golden file of the contract with what reads it: the type it is read as (the polymorphic base or
 * ItemDispatch), the record it must become, the Kafka serde and topic of its records.
 */
public record GoldenFile<T>(String file, Class<T> base, Class<? extends T> record, JsonSerde<T> serde,
        String topic) {

    public byte[] bytes() {
        return Contracts.bytes(file);
    }

    public T read() {
        return read(bytes());
    }

    public T read(byte[] json) {
        return serde.deserialize(topic, json);
    }

    public byte[] write(Object value) {
        return serde.serialize(topic, base.cast(value));
    }

    @Override
    public String toString() {
        return file;
    }
}
