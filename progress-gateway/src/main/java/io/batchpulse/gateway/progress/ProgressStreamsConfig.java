package io.batchpulse.gateway.progress;

import io.batchpulse.events.Topics;
import io.batchpulse.gateway.GatewayProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The Streams settings of the progress topology, apart from where the brokers are.
 *
 * <ul>
 * <li>exactly_once_v2: the stores, the offsets and the snapshots commit in one transaction, so
 *     a restart never counts an event twice or loses one.</li>
 * <li>commit interval 100 ms: the snapshot-freshness target is p99 250 ms at the client; snapshots
 *     become visible to read_committed readers only at a commit, so this bounds their age.</li>
 * <li>record cache 16 MB: it coalesces per batch between commits (a batch's thousands of
 *     changes per commit become one aggregate write and one snapshot). It holds the aggregates and
 *     change notices of the batches (~3 KB each, 1,000 batches: ~3 MB), so 16 MB is rarely full;
 *     when it is, it only flushes early (more writes, same results). Every commit flushes it, so
 *     latency stays bounded by the commit interval.</li>
 * <li>A record on batch-events that cannot be read, or that the fold fails on, is logged and
 *     written to batch-events.DLT (Kafka Streams' own dead-letter queue, KIP-1034, with the failure
 *     in {@code __streams.errors.*} headers) and the app goes on. The DLT record keeps the source
 *     key, and the DLT has as many partitions as batch-events, so it lands on the same partition
 *     number.</li>
 * <li>session timeout 10 s (heartbeat a tenth of it): a gateway that dies hands its partitions,
 *     and so the snapshots of their batches, to the others in seconds. With an instance id the app
 *     is a static member: a gateway restarted under the same name gets its partitions back without
 *     a rebalance; a clean stop still leaves the group at once (leave-group on close).</li>
 * </ul>
 */
final class ProgressStreamsConfig {

    private ProgressStreamsConfig() {
    }

    static Map<String, Object> properties(GatewayProperties.Progress settings, Topics topics) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(settings));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        properties.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, settings.cacheMaxBytes().toBytes());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        properties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                Topics.deadLetter(topics.batchEvents()));
        properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis());
        properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(500, settings.sessionTimeout().toMillis() / 10));
        if (!settings.instanceId().isBlank()) {
            // Streams adds each stream thread's index to it
            properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    settings.instanceId().strip());
        }
        return properties;
    }

    private static String stateDir(GatewayProperties.Progress settings) {
        if (!settings.stateDir().isBlank()) {
            return settings.stateDir();
        }
        try {
            return Files.createTempDirectory("batchpulse-progress-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for the progress topology", e);
        }
    }
}
