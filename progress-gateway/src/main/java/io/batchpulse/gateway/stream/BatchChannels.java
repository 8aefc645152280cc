package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.progress.SnapshotStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches this instance's viewers watch, each with its {@link BatchChannel}. {@link FeedHub}
 * joins and drops viewers under the batch's partition lock, so a channel exists exactly while the
 * feed has viewers to hand that batch's records to.
 */
final class BatchChannels {

    private static final Logger log = LoggerFactory.getLogger(FeedHub.class);

    private final Map<String, BatchChannel> channels = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final SnapshotStore snapshots;
    private final CrowdLimits crowd;

    BatchChannels(ScheduledExecutorService scheduler, long intervalNanos, SnapshotStore snapshots, CrowdLimits crowd) {
        this.scheduler = scheduler;
        this.intervalNanos = intervalNanos;
        this.snapshots = snapshots;
        this.crowd = crowd;
    }

    /** The channel of a watched batch, or null. */
    BatchChannel find(String key) {
        return channels.get(key);
    }

    /** {@code feedLock}: the feed's lock of the batch's partition, held by the caller. */
    void join(SseConnection connection, String key, ProgressSnapshot first, Object feedLock) {
        BatchChannel channel = channels.computeIfAbsent(key, k -> new BatchChannel(scheduler, intervalNanos, crowd,
                feedLock));
        channel.seed(first);
        // a snapshot that reached the store before the channel existed (e.g. during a replay) was
        // not told to anyone; the channel hears every later one, so reading the store now loses none
        try {
            snapshots.find(connection.batchId()).ifPresent(channel::seed);
        } catch (ApiException e) {
            log.debug("No snapshot store right now; the next snapshot will follow: {}", e.getMessage());
        }
        channel.add(connection);
    }

    void leave(SseConnection connection, String key) {
        BatchChannel channel = channels.get(key);
        if (channel != null) {
            channel.remove(connection);
            if (channel.isEmpty()) {
                channels.remove(key);
            }
        }
    }

    void snapshot(ProgressSnapshot snapshot) {
        BatchChannel channel = channels.get(String.valueOf(snapshot.batchId()));
        if (channel != null) {
            channel.snapshot(snapshot);
        }
    }
}
