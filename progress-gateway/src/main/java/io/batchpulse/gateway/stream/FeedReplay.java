package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.GatewayProperties;
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
 */
@Component
class FeedReplay implements DisposableBean {

    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle;
    private final ExecutorService threads;
    private final Duration timeout;
    private final FeedFrames frames;
    // guarded by itself: the partitions with a replay queued or running, and their waiting viewers
    private final Map<TopicPartition, PartitionReplay> replays = new HashMap<>();

    FeedReplay(StreamClients clients, GatewayProperties properties, FeedFrames frames) {
        int size = properties.stream().replayConsumers();
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(clients.consumer("earliest"));
        }
        this.threads = Executors.newFixedThreadPool(size, StreamSchedulers.named("sse-replay"));
        this.timeout = properties.stream().replayTimeout();
        this.frames = frames;
    }

    /**
     * Sends the connection every event of its batch after {@code after}, then calls
     * {@code handOver} with the replay's position until it accepts.
     */
    void replay(SseConnection connection, String key, TopicPartition partition, long after, LongPredicate handOver) {
        ReplayViewer viewer = new ReplayViewer(connection, key, Math.max(0, after + 1), handOver);
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
