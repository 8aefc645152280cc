package io.batchpulse.deploy;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.testsupport.TopicReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the batch-events topic back from the beginning with a plain consumer, as an analytics tool would. */
final class BatchEventLog {

    private BatchEventLog() {
    }

    /** One event of the batch with its offset, which is the SSE id a gateway gives it. */
    record Logged(long offset, BatchEvent event) {
    }

    static List<BatchEvent> eventsOf(String bootstrapServers, String topic, UUID batchId) {
        return loggedOf(bootstrapServers, topic, batchId).stream().map(Logged::event).toList();
    }

    static List<Logged> loggedOf(String bootstrapServers, String topic, UUID batchId) {
        return loggedOf(Map.of("bootstrap.servers", bootstrapServers), topic, batchId);
    }

    /** As a client with its own connection settings (a user of a --secure cluster). */
    static List<Logged> loggedOf(Map<String, Object> client, String topic, UUID batchId) {
        List<Logged> events = new ArrayList<>();
        TopicReads.readAll(client, topic, new StringDeserializer(), new BatchEventSerde(), record -> {
            if (record.key().equals(batchId.toString())) {
                events.add(new Logged(record.offset(), record.value()));
            }
        });
        return events;
    }
}
