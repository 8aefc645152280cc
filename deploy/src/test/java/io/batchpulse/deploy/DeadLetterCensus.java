package io.batchpulse.deploy;

import io.batchpulse.events.Topics;
import io.batchpulse.testsupport.TopicReads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead letters on a cluster's {@code *.DLT} topics, counted by topic and cause with a reader of
 * the test's own; {@link #since} tells what a fault run added. The cause is the class Spring Kafka's
 * recoverer names ({@code kafka_dlt-exception-cause-fqcn}, else {@code kafka_dlt-exception-fqcn}) or
 * Kafka Streams' dead-letter queue ({@code __streams.errors.exception}), without its package.
 */
final class DeadLetterCensus {

    static final List<String> CAUSE_HEADERS = List.of("kafka_dlt-exception-cause-fqcn", "kafka_dlt-exception-fqcn",
            "__streams.errors.exception");

    private final String bootstrapServers;
    private final String topicPrefix;
    private final Map<String, Integer> counted;

    private DeadLetterCensus(String bootstrapServers, String topicPrefix, Map<String, Integer> counted) {
        this.bootstrapServers = bootstrapServers;
        this.topicPrefix = topicPrefix;
        this.counted = counted;
    }

    static DeadLetterCensus take(String bootstrapServers, String topicPrefix) throws Exception {
        return new DeadLetterCensus(bootstrapServers, topicPrefix, count(bootstrapServers, topicPrefix));
    }

    /** What was dead-lettered since this census, as "{@code batch-events.DLT UnreadableEventException 2}", or none. */
    Map<String, Integer> since() throws Exception {
        Map<String, Integer> added = new TreeMap<>();
        count(bootstrapServers, topicPrefix).forEach((key, now) -> {
            int before = counted.getOrDefault(key, 0);
            if (now > before) {
                added.put(key, now - before);
            }
        });
        return added;
    }

    /** The TSV cell: "0", or each topic and cause with its count. */
    static String describe(Map<String, Integer> deadLetters) {
        return deadLetters.isEmpty() ? "0" : deadLetters.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    static String cause(ConsumerRecord<?, ?> record) {
        for (String name : CAUSE_HEADERS) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                String fqcn = new String(header.value(), StandardCharsets.UTF_8);
                return fqcn.substring(fqcn.lastIndexOf('.') + 1);
            }
        }
        return "no cause header";
    }

    private static Map<String, Integer> count(String bootstrapServers, String topicPrefix) throws Exception {
        List<String> deadLetterTopics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            deadLetterTopics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(topicPrefix) && topic.endsWith(Topics.DLT_SUFFIX)).toList();
        }
        Map<String, Integer> counts = new TreeMap<>();
        TopicReads.readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), deadLetterTopics,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), record -> counts.merge(
                        record.topic().substring(topicPrefix.length()) + " " + cause(record), 1, Integer::sum));
        return counts;
    }
}
