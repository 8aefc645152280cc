import io.batchpulse.events.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How long open transactions hold records back from read_committed readers: tails a topic with a
 * read_uncommitted and a read_committed consumer side by side and prints, per record type (the
 * batchpulse-type header), how much later the committed reader got each record.
 * Usage: java -cp common-events/target/common-events-*.jar:kafka-clients.jar:slf4j-api.jar LsoDelay.java
 *        BOOTSTRAP TOPIC SECONDS
 */
public class LsoDelay {

    private static final Map<String, Long> SEEN_UNCOMMITTED = new ConcurrentHashMap<>();
    private static final Map<String, List<Double>> DELAYS_MS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long seconds = Long.parseLong(args[2]);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread uncommitted = new Thread(() -> tail(bootstrap, topic, "read_uncommitted", running, false));
        Thread committed = new Thread(() -> tail(bootstrap, topic, "read_committed", running, true));
        uncommitted.start();
        committed.start();
        Thread.sleep(seconds * 1000);
        running.set(false);
        uncommitted.join();
        committed.join();
        System.out.println("type\trecords\tp50 ms\tp90 ms\tp99 ms\tmax ms");
        new TreeMap<>(DELAYS_MS).forEach((type, delays) -> {
            List<Double> sorted = new ArrayList<>(delays);
            Collections.sort(sorted);
            System.out.printf("%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f%n", type, sorted.size(), rank(sorted, 0.50),
                    rank(sorted, 0.90), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
        });
    }

    private static void tail(String bootstrap, String topic, String isolation, AtomicBoolean running,
            boolean measure) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    String key = record.partition() + "@" + record.offset();
                    if (!measure) {
                        SEEN_UNCOMMITTED.put(key, now);
                        continue;
                    }
                    Long first = SEEN_UNCOMMITTED.remove(key);
                    if (first != null) {
                        DELAYS_MS.computeIfAbsent(type(record), t -> Collections.synchronizedList(new ArrayList<>()))
                                .add((now - first) / 1e6);
                    }
                }
            }
        }
    }

    private static String type(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(Headers.TYPE);
        return header == null ? "(none)" : new String(header.value());
    }

    private static double rank(List<Double> sorted, double quantile) {
        return sorted.get(Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
