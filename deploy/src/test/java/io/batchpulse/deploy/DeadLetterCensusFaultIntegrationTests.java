package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The census every fault run takes is no vacuous check: on the fault cluster, it counts what was added, by cause. */
class DeadLetterCensusFaultIntegrationTests extends FaultIntegrationTest {

    @Test
    void countsTheDeadLettersWrittenSinceItWasTakenByTopicAndCause() throws Exception {
        Topics topics = new Topics(cluster.topicPrefix());
        String events = Topics.deadLetter(topics.batchEvents());
        String commands = Topics.deadLetter(topics.batchCommands());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(deadLetter(events, "kafka_dlt-exception-cause-fqcn", "io.batchpulse.events.MisaddressedRecordException")).get();
            DeadLetterCensus census = DeadLetterCensus.take(cluster.bootstrapServers(), cluster.topicPrefix());

            producer.send(deadLetter(events, "kafka_dlt-exception-cause-fqcn", "io.batchpulse.events.MisaddressedRecordException")).get();
            producer.send(deadLetter(events, "__streams.errors.exception", "org.apache.kafka.common.errors.SerializationException")).get();
            producer.send(deadLetter(commands, "kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException")).get();
            producer.send(new ProducerRecord<>(commands, "key", "no header")).get();

            assertThat(census.since()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "batch-events.DLT MisaddressedRecordException", 1,
                    "batch-events.DLT SerializationException", 1,
                    "batch-commands.DLT ListenerExecutionFailedException", 1,
                    "batch-commands.DLT no cause header", 1));
        }
    }

    private static ProducerRecord<String, String> deadLetter(String topic, String header, String cause) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, "key", "dead letter");
        record.headers().add(header, cause.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}
