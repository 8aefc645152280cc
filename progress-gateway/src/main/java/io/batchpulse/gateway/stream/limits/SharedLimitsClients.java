package io.batchpulse.gateway.stream.limits;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Kafka clients for the shared limits: keys and values are short strings. Producers are not
 * transactional and send at once (acks=all, no linger), as a redemption waits for its record;
 * consumers have no group, as every instance reads every record.
 */
@Component
class SharedLimitsClients {

    /**
     * The lifecycle phase of what follows the shared topics: before the web server takes requests
     * (phase {@code DEFAULT_PHASE - 2048}), so the first stream is counted against what the other
     * instances hold, and stopped after it.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final KafkaProperties kafka;
    private final KafkaConnectionDetails connection;

    SharedLimitsClients(KafkaProperties kafka, KafkaConnectionDetails connection) {
        this.kafka = kafka;
        this.connection = connection;
    }

    KafkaProducer<String, String> producer() {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // fetch.max.wait.ms stays at its 500 ms: with fetch.min.bytes 1 the broker answers a waiting fetch
        // as soon as a record arrives, so a shorter wait would only poll an idle topic more often
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
