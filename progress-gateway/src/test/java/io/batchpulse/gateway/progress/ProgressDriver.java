package io.batchpulse.gateway.progress;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.SkippedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.springframework.util.unit.DataSize;

/** The progress topology on a TopologyTestDriver with the production Streams settings. */
final class ProgressDriver implements AutoCloseable {

    static final Topics TOPICS = Topics.defaults();

    private final TopologyTestDriver driver;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final TestInputTopic<String, BatchEvent> events;
    private final TestInputTopic<String, byte[]> rawEvents;
    private final TestOutputTopic<String, ProgressSnapshot> snapshots;
    private final TestOutputTopic<String, byte[]> snapshotBytes;

    ProgressDriver(Path stateDir) {
        GatewayProperties.Progress settings = new GatewayProperties.Progress(true, "progress-test", stateDir.toString(),
                Duration.ofMillis(100), DataSize.ofMegabytes(16), 1, "", Duration.ofSeconds(10));
        Properties properties = new Properties();
        properties.putAll(ProgressStreamsConfig.properties(settings, TOPICS));
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, TOPICS, SkippedEvents.of(meters, SkippedEvents.Reader.PROGRESS));
        driver = new TopologyTestDriver(builder.build(), properties);
        events = driver.createInputTopic(TOPICS.batchEvents(), new StringSerializer(), new BatchEventSerde());
        rawEvents = driver.createInputTopic(TOPICS.batchEvents(), new StringSerializer(), new ByteArraySerializer());
        snapshots = driver.createOutputTopic(TOPICS.batchProgress(), new StringDeserializer(),
                new ProgressSnapshotSerde());
        snapshotBytes = driver.createOutputTopic(TOPICS.batchProgress(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    void pipe(String key, BatchEvent... batchEvents) {
        for (BatchEvent event : batchEvents) {
            events.pipeInput(key, event);
        }
    }

    void pipe(String key, List<? extends BatchEvent> batchEvents) {
        batchEvents.forEach(event -> events.pipeInput(key, event));
    }

    void pipeRaw(String key, byte[] value) {
        rawEvents.pipeInput(key, value);
    }

    List<ProgressSnapshot> snapshots() {
        return snapshots.readValuesToList();
    }

    List<byte[]> snapshotBytes() {
        return snapshotBytes.readValuesToList();
    }

    /** The newest snapshot emitted since the last read (fails if none was). */
    ProgressSnapshot latest() {
        List<ProgressSnapshot> emitted = snapshots();
        if (emitted.isEmpty()) {
            throw new AssertionError("no snapshot was emitted");
        }
        return emitted.get(emitted.size() - 1);
    }

    /** batchpulse.events.skipped of the fold for one reason ({@code unknown-type}, {@code tombstone}...). */
    double skipped(String reason) {
        return meters.get("batchpulse.events.skipped").tag("reader", "progress").tag("reason", reason).counter().count();
    }

    /** Kafka Streams' own count of the records it skipped (the task metric dropped-records-total, summed). */
    double droppedRecords() {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("dropped-records-total"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
