package io.batchpulse.worker.attempt;

import io.batchpulse.events.Headers;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends item events to batch-events keyed by batchId, so all events of a batch stay in order on
 * one partition. Sends are asynchronous; callers wait for the returned futures before the
 * dispatch records' offsets are committed.
 */
@Component
class ItemEventPublisher {

    private final KafkaOperations<String, Object> kafka;
    private final String topic;

    ItemEventPublisher(KafkaOperations<String, Object> kafka, Topics topics) {
        this.kafka = kafka;
        this.topic = topics.batchEvents();
    }

    CompletableFuture<SendResult<String, Object>> publish(ItemEvent event) {
        // the serde adds the type header
        List<Header> headers = List.of(
                new RecordHeader(Headers.WORKER_ID, event.workerId().getBytes(StandardCharsets.UTF_8)));
        return kafka.send(new ProducerRecord<>(topic, null, event.batchId().toString(), event, headers));
    }
}
