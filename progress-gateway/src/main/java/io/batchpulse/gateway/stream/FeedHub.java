package io.batchpulse.gateway.stream;

import io.batchpulse.events.Topics;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.progress.SnapshotListener;
import io.batchpulse.gateway.progress.SnapshotStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The live feed of this instance: one consumer (no group, every partition of batch-events, from
 * the end, read_committed) hands each record of a watched batch to its {@link BatchChannel}.
 * Records of unwatched batches are skipped by key, without being read. Item events reach viewers
 * straight from batch-events, not through the Streams commit.
 *
 * <p>Hand-over by offset: per partition, {@code position} is the next offset the feed will
 * deliver, and it only moves under the partition's lock, where connections join too. A
 * connection that joins at position P has had (by replay) everything before P and gets
 * everything from P live: no gap, no duplicate.
 */
@Component("progressFeed")
class FeedHub implements SmartLifecycle, SnapshotListener, HealthIndicator {

    /** Start at the feed's current position (a viewer without a snapshot to start from). */
    static final long LIVE = Long.MIN_VALUE;
    private static final Logger log = LoggerFactory.getLogger(FeedHub.class);

    private final String topic;
    private final StreamClients clients;
    private final FeedReplay replay;
    private final FeedFrames frames;
    private final FeedTraces traces;
    private final BatchChannels channels;
    private final long maxReplayEvents;
    private volatile Partition[] partitions;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    private static final class Partition {
        long position;
    }

    FeedHub(Topics topics, StreamClients clients, FeedReplay replay, FeedFrames frames, FeedTraces traces,
            StreamSchedulers schedulers, GatewayProperties properties, SnapshotStore snapshots) {
        this.topic = topics.batchEvents();
        this.clients = clients;
        this.replay = replay;
        this.frames = frames;
        this.traces = traces;
        this.maxReplayEvents = properties.stream().maxReplayEvents();
        GatewayProperties.Stream settings = properties.stream();
        this.channels = new BatchChannels(schedulers.scheduler(), settings.progressInterval().toNanos(), snapshots,
                new CrowdLimits(settings.crowdSize(), settings.crowdItemsPerSecond(), settings.crowdFanout()));
    }

    /**
     * Starts a connection at {@code cursor} (everything of the batch up to it is known to the
     * client): live at once if the feed is not ahead of it, else after a replay of the difference.
     * {@link #LIVE} starts at the feed's current position. A cursor more than
     * {@code max-replay-events} records behind the feed, or of a user with all their replays
     * running, is not replayed: the stream starts live with a feed.gap after the snapshot.
     *
     * <p>{@code untold}: item events before {@code cursor} a crowded batch left out and the client
     * was not told of (from its Last-Event-ID). Whether it gets the full or the sampled feed of a
     * crowded batch is the connection's own ({@link SseConnection#fullFeed()}).
     *
     * <p>Depth is counted in records of the partition, not in time: it is what a replay would
     * read, known here without asking the broker, and it bounds the work whatever the traffic.
     */
    void open(SseConnection connection, ProgressSnapshot first, long cursor, long untold) {
        String key = connection.batchId().toString();
        int partition = partitionOf(key);
        Partition state = partitions[partition];
        synchronized (state) {
            long head = state.position - 1;
            long start = cursor == LIVE ? head : cursor;
            connection.begin(first, start, untold);
            if (start < head) {
                boolean tooDeep = head - start > maxReplayEvents;
                if (tooDeep) {
                    replay.tooDeep();
                }
                if (tooDeep || !replay.reserve(connection)) {
                    connection.live(new Frame(SseEvents.GAP, head, notReplayed(start, head, tooDeep), false));
                    join(connection, key, first);
                    return;
                }
            } else {
                join(connection, key, first);
                return;
            }
        }
        replay.replay(connection, key, new TopicPartition(topic, partition), cursor,
                position -> handOver(connection, key, first, partition, position));
    }

    /**
     * The feed.gap of a resume that is not replayed; {@code skipped} counts the partition's
     * records in between, which bounds the batch's events there.
     */
    private static String notReplayed(long after, long head, boolean tooDeep) {
        return EventJson.mapper().writeValueAsString(EventJson.mapper().createObjectNode()
                .put("skipped", head - after).put("firstSkippedId", String.valueOf(after + 1))
                .put("lastSkippedId", String.valueOf(head)).put("reason", tooDeep ? "too-far-behind" : "replays-busy"));
    }

    /** Joins the live feed if the replay has reached the feed's position; false: replay on. */
    private boolean handOver(SseConnection connection, String key, ProgressSnapshot first, int partition,
            long replayPosition) {
        Partition state = partitions[partition];
        synchronized (state) {
            if (replayPosition < state.position) {
                return false;
            }
            connection.advanceTo(replayPosition - 1);
            join(connection, key, first);
            return true;
        }
    }

    private void join(SseConnection connection, String key, ProgressSnapshot first) {
        if (connection.isClosed()) {
            return;
        }
        channels.join(connection, key, first, partitions[partitionOf(key)]);
        connection.onClose(() -> leave(connection, key));
    }

    private void leave(SseConnection connection, String key) {
        Partition state = partitions[partitionOf(key)];
        synchronized (state) {
            channels.leave(connection, key);
        }
    }

    @Override
    public void onSnapshot(ProgressSnapshot snapshot) {
        channels.snapshot(snapshot);
    }

    /** The partition the default partitioner puts a batch's key on (all services use it). */
    int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions.length;
    }

    @Override
    public void start() {
        consumer = clients.consumer("latest");
        List<TopicPartition> assigned = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        if (assigned.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " has no partitions");
        }
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        Partition[] states = new Partition[assigned.size()];
        for (TopicPartition partition : assigned) {
            states[partition.partition()] = new Partition();
            states[partition.partition()].position = consumer.position(partition, Duration.ofSeconds(30));
        }
        partitions = states;
        running = true;
        thread = new Thread(this::run, "sse-feed");
        thread.setDaemon(true);
        thread.start();
        log.info("Live feed follows {} partitions of {}", states.length, topic);
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (TopicPartition partition : consumer.assignment()) {
                    deliver(partition, records.records(partition));
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("The live feed consumer failed; streams get no more feed events", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void deliver(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
        Partition state = partitions[partition.partition()];
        synchronized (state) {
            for (ConsumerRecord<String, byte[]> record : records) {
                BatchChannel channel = record.key() == null ? null : channels.find(record.key());
                if (channel != null) {
                    traces.relay(record, () -> channel.feed(frames.liveFrame(record, channel.total())));
                }
                state.position = record.offset() + 1;
            }
            // also past transaction markers, which come without a record
            state.position = Math.max(state.position, consumer.position(partition));
        }
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The thread that reads the feed; null before the start. */
    Thread thread() {
        return thread;
    }

    @Override
    public Health health() {
        return running ? Health.up().build() : Health.outOfService().withDetail("reason", "feed not started").build();
    }
}
