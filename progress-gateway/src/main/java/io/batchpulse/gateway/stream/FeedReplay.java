package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
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

    private static final Logger log = LoggerFactory.getLogger(FeedReplay.class);

    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle;
    private final ExecutorService threads;
    private final Duration timeout;
    private final FeedHub hub;
    // guarded by itself: the partitions with a replay queued or running, and their waiting viewers
    private final Map<TopicPartition, PartitionReplay> replays = new HashMap<>();

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
        Viewer viewer = new Viewer(connection, key, Math.max(0, after + 1), handOver);
        synchronized (replays) {
            PartitionReplay replay = replays.get(partition);
            if (replay == null) {
                replay = new PartitionReplay(partition);
                replays.put(partition, replay);
                threads.execute(replay);
            }
            replay.waiting.add(viewer);
        }
    }

    /** A viewer being replayed; its deadline starts when its replay does. */
    private static final class Viewer {
        final SseConnection connection;
        final String key;
        final long start;
        final LongPredicate handOver;
        long deadline;

        Viewer(SseConnection connection, String key, long start, LongPredicate handOver) {
            this.connection = connection;
            this.key = key;
            this.start = start;
            this.handOver = handOver;
        }

        long millisLeft() {
            return (deadline - System.nanoTime()) / 1_000_000;
        }
    }

    private final class PartitionReplay implements Runnable {

        final TopicPartition partition;
        // guarded by replays
        final List<Viewer> waiting = new ArrayList<>();
        // the replay thread's own: viewers being served, by batch key
        final Map<String, List<Viewer>> serving = new HashMap<>();
        int servingCount;
        long position;

        PartitionReplay(TopicPartition partition) {
            this.partition = partition;
        }

        @Override
        public void run() {
            KafkaConsumer<String, byte[]> consumer = null;
            try {
                consumer = idle.take();
                consumer.assign(List.of(partition));
                serve(consumer);
            } catch (InterruptedException | InterruptException e) {
                Thread.currentThread().interrupt();
                everyone().forEach(viewer -> viewer.connection.end());
            } catch (RuntimeException e) {
                log.warn("Replay of {} failed", partition, e);
                everyone().forEach(viewer -> viewer.connection.fail("REPLAY_FAILED",
                        "Could not replay missed events; reconnect to try again"));
            } finally {
                if (consumer != null) {
                    consumer.assign(List.of());
                    idle.add(consumer);
                }
            }
        }

        private void serve(KafkaConsumer<String, byte[]> consumer) throws InterruptedException {
            while (admit(consumer)) {
                handOver();
                if (servingCount > 0) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100)).records(partition)) {
                        List<Viewer> viewers = record.key() == null ? null : serving.get(record.key());
                        if (viewers != null) {
                            deliver(record, viewers);
                        }
                    }
                    position = consumer.position(partition);
                }
            }
        }

        /**
         * Takes in the waiting viewers this replay can still serve from its position; once no
         * viewer is left, all of them, seeking back to the earliest they need. False: nobody is
         * left and the replay ends (under the lock new viewers take, so none is stranded).
         */
        private boolean admit(KafkaConsumer<String, byte[]> consumer) {
            boolean restart = servingCount == 0;
            List<Viewer> admitted = new ArrayList<>();
            synchronized (replays) {
                for (Iterator<Viewer> it = waiting.iterator(); it.hasNext();) {
                    Viewer viewer = it.next();
                    if (restart || viewer.start >= position) {
                        admitted.add(viewer);
                        it.remove();
                    }
                }
                if (restart && admitted.isEmpty()) {
                    replays.remove(partition);
                    return false;
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Viewer viewer : admitted) {
                viewer.deadline = deadline;
                serving.computeIfAbsent(viewer.key, k -> new ArrayList<>()).add(viewer);
            }
            servingCount += admitted.size();
            if (restart) {
                position = admitted.stream().mapToLong(viewer -> viewer.start).min().orElseThrow();
                consumer.seek(partition, position);
            }
            return true;
        }

        /** Viewers that caught up join the live feed; those that left or ran out of time drop out. */
        private void handOver() {
            for (Iterator<List<Viewer>> batches = serving.values().iterator(); batches.hasNext();) {
                List<Viewer> viewers = batches.next();
                for (Iterator<Viewer> it = viewers.iterator(); it.hasNext();) {
                    Viewer viewer = it.next();
                    boolean done = viewer.connection.isClosed() || viewer.handOver.test(position);
                    if (!done && viewer.millisLeft() <= 0) {
                        viewer.connection.fail("REPLAY_TIMEOUT",
                                "Could not catch up with the live feed; reconnect to try again");
                        done = true;
                    }
                    if (done) {
                        it.remove();
                        servingCount--;
                    }
                }
                if (viewers.isEmpty()) {
                    batches.remove();
                }
            }
        }

        /** One record to every viewer of its batch; the frame is encoded once per item total. */
        private void deliver(ConsumerRecord<String, byte[]> record, List<Viewer> viewers) throws InterruptedException {
            Frame frame = null;
            long frameTotal = 0;
            for (Iterator<Viewer> it = viewers.iterator(); it.hasNext();) {
                Viewer viewer = it.next();
                long total = viewer.connection.total();
                if (frame == null || total != frameTotal) {
                    frame = hub.frame(record, total);
                    frameTotal = total;
                }
                if (!viewer.connection.replayed(frame, viewer.millisLeft())) {
                    if (!viewer.connection.isClosed()) {
                        viewer.connection.fail("REPLAY_TIMEOUT", "The client did not read the replayed events in time");
                    }
                    it.remove();
                    servingCount--;
                }
            }
        }

        /** Every viewer of this replay, taken out of it (it has failed or is stopping). */
        private List<Viewer> everyone() {
            List<Viewer> all = new ArrayList<>();
            serving.values().forEach(all::addAll);
            serving.clear();
            servingCount = 0;
            synchronized (replays) {
                all.addAll(waiting);
                waiting.clear();
                replays.remove(partition);
            }
            return all;
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
