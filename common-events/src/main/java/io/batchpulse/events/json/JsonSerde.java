package io.batchpulse.events.json;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * JSON serializer, deserializer and Serde in one, for Kafka clients and Kafka Streams alike.
 * A record that cannot be read fails with a {@link SerializationException} naming the topic and
 * the reason (so error handlers can route it to a dead-letter topic), never with a null.
 */
public class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public JsonSerde(Class<T> type) {
        this.type = type;
        this.reader = EventJson.mapper().readerFor(type);
        this.writer = EventJson.mapper().writerFor(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " to topic " + topic
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            T value = reader.readValue(data);
            if (value == null) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + " from topic " + topic
                        + ": the record is JSON null");
            }
            return value;
        } catch (JacksonException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from topic " + topic
                    + ": " + e.getOriginalMessage() + " in " + preview(data), e);
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // the type is fixed at construction; nothing to configure
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // nothing to release: the mapper is shared and stateless
    }

    private static String preview(byte[] data) {
        String text = new String(data, 0, Math.min(data.length, 120), StandardCharsets.UTF_8);
        return "'" + text + (data.length > 120 ? "..." : "") + "'";
    }
}
