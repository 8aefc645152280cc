package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Replays what resuming (or newly joining) viewers missed, once per partition for all of them: a
 * pooled consumer assigned to the partition reads from the earliest position its viewers need and
 * hands each record to the viewers of its batch, until each has caught up with the live feed,
 * which then takes that viewer over at that exact offset. Viewers arriving while a partition's
 * replay runs join it if it has not yet passed their position, else they are served when its
 * current viewers are done. The pool bounds how many partitions replay at once.
 *
 * <p>Sharing matters when many viewers start at once behind the live feed (a dashboard opened by
 * a whole team, or every viewer of a gateway reconnecting after a restart): one read of the
 * partition serves them all, where a replay per viewer would read the same records thousands of
 * times.
 *
 * <p>Bounded work: a resume more than {@code max-replay-events} records of its partition behind
 * the live feed is not replayed (see {@link FeedHub#open}), and one user has at most
 * {@code max-replays-per-user} viewers in replays at once, so one user's many deep resumes cannot
 * keep the pool's threads from everyone else. A viewer past either limit gets the current
 * snapshot and a feed.gap, as a slow client does.
 */
@Component
class FeedReplay implements DisposableBean {

    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle;
    private final ExecutorService threads;
    private final Duration timeout;
    private final FeedFrames frames;
    // guarded by itself: the partitions with a replay queued or running, and their waiting viewers
    private final Map<TopicPartition, PartitionReplay> replays = new HashMap<>();
    private final ReplayPlaces places;
    private final Counter tooDeep;
    private final Counter userBusy;

    FeedReplay(StreamClients clients, GatewayProperties properties, FeedFrames frames, MeterRegistry registry) {
        this.places = new ReplayPlaces(properties.stream().maxReplaysPerUser());
        this.tooDeep = skipped(registry, "too-far-behind");
        this.userBusy = skipped(registry, "replays-busy");
        int size = properties.stream().replayConsumers();
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(clients.consumer("earliest"));
        }
        this.threads = Executors.newFixedThreadPool(size, StreamSchedulers.named("sse-replay"));
        this.timeout = properties.stream().replayTimeout();
        this.frames = frames;
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder("batchpulse.sse.replay.skipped").tag("reason", reason)
                .description("resumes given a snapshot and feed.gap instead of a replay").register(registry);
    }

    /** A resume too far behind to replay: counted, then served a snapshot and a feed.gap. */
    void tooDeep() {
        tooDeep.increment();
    }

    /**
     * Takes one of the user's replay places for this connection, until it has caught up or
     * closed; false (counted) when the user has all of theirs in use.
     */
    boolean reserve(SseConnection connection) {
        boolean taken = places.take(connection.subject());
        if (!taken) {
            userBusy.increment();
        }
        return taken;
    }

    /**
     * Sends the connection (with a place {@link #reserve reserved}) every event of its batch after
     * {@code after}, then calls {@code handOver} with the replay's position until it accepts.
     */
    void replay(SseConnection connection, String key, TopicPartition partition, long after, LongPredicate handOver) {
        Runnable release = places.releaser(connection.subject());
        connection.onClose(release);
        LongPredicate joined = position -> {
            boolean accepted = handOver.test(position);
            if (accepted) {
                release.run();
            }
            return accepted;
        };
        ReplayViewer viewer = new ReplayViewer(connection, key, Math.max(0, after + 1), joined);
        synchronized (replays) {
            PartitionReplay replay = replays.get(partition);
            if (replay == null) {
                replay = new PartitionReplay(partition, replays, idle, timeout, frames);
                replays.put(partition, replay);
                threads.execute(replay);
            }
            replay.add(viewer);
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
        KafkaConsumer<String, byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }
}
