package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.GatewayProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Replays what a resuming (or newly joining) viewer missed: a pooled consumer assigned to the
 * batch's partition, seeking to the position after the viewer's Last-Event-ID, reading until it
 * has caught up with the live feed, which then takes over at that exact offset. The pool bounds
 * how many replays run at once; the rest wait their turn.
 */
@Component
class FeedReplay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FeedReplay.class);

    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle;
    private final ExecutorService threads;
    private final Duration timeout;
    private final FeedHub hub;

    FeedReplay(StreamClients clients, GatewayProperties properties, @Lazy FeedHub hub) {
        int size = properties.stream().replayConsumers();
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(clients.consumer("earliest"));
        }
        this.threads = Executors.newFixedThreadPool(size, StreamSchedulers.named("sse-replay"));
        this.timeout = properties.stream().replayTimeout();
        this.hub = hub;
    }

    /**
     * Sends the connection every event of its batch after {@code after}, then calls
     * {@code handOver} with the replay's position until it accepts.
     */
    void replay(SseConnection connection, String key, TopicPartition partition, long after, LongPredicate handOver) {
        threads.execute(() -> {
            KafkaConsumer<String, byte[]> consumer = null;
            try {
                consumer = idle.take();
                run(consumer, connection, key, partition, after, handOver);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connection.end();
            } catch (RuntimeException e) {
                log.warn("Replay of {} failed", key, e);
                connection.fail("REPLAY_FAILED", "Could not replay missed events; reconnect to try again");
            } finally {
                if (consumer != null) {
                    consumer.assign(List.of());
                    idle.add(consumer);
                }
            }
        });
    }

    private void run(KafkaConsumer<String, byte[]> consumer, SseConnection connection, String key,
            TopicPartition partition, long after, LongPredicate handOver) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.assign(List.of(partition));
        consumer.seek(partition, Math.max(0, after + 1));
        while (!connection.isClosed()) {
            if (handOver.test(consumer.position(partition))) {
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                connection.fail("REPLAY_TIMEOUT", "Could not catch up with the live feed; reconnect to try again");
                return;
            }
            long total = connection.total();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100)).records(partition)) {
                if (key.equals(record.key()) && !connection.replayed(hub.frame(record, total), left)) {
                    if (!connection.isClosed()) {
                        connection.fail("REPLAY_TIMEOUT", "The client did not read the replayed events in time");
                    }
                    return;
                }
            }
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
