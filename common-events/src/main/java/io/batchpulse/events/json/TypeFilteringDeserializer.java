package io.batchpulse.events.json;

import io.batchpulse.events.Headers;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads only the records a consumer wants, judged by their {@link Headers#TYPE} header: the
 * others come back as null without being parsed. Records without the header are always read.
 * For consumers that need a few event types of a busy topic (a gateway waiting for command
 * outcomes, among thousands of item events a second).
 */
public final class TypeFilteringDeserializer<T> implements Deserializer<T> {

    private final Deserializer<T> delegate;
    private final Predicate<String> wanted;

    public TypeFilteringDeserializer(Deserializer<T> delegate, Predicate<String> wanted) {
        this.delegate = delegate;
        this.wanted = wanted;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return delegate.deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
        Header type = headers == null ? null : headers.lastHeader(Headers.TYPE);
        if (type != null && type.value() != null && !wanted.test(new String(type.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        return delegate.deserialize(topic, headers, data);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
