package io.batchpulse.gateway.stream;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Consumers of batch-events for the stream: no group (partitions are assigned, offsets never
 * committed: each instance and each replay has its own position), read_committed like the
 * Streams app, values left as bytes so records of unwatched batches are never parsed.
 */
@Component
class StreamClients {

    private final KafkaProperties kafka;
    private final KafkaConnectionDetails connection;

    StreamClients(KafkaProperties kafka, KafkaConnectionDetails connection) {
        this.kafka = kafka;
        this.connection = connection;
    }

    KafkaConsumer<String, byte[]> consumer(String offsetReset) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
