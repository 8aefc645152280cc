package io.batchpulse.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay of one partition for all the viewers that need it (see {@link FeedReplay}): runs on
 * a replay thread with a consumer from the pool, until no viewer is left.
 */
final class PartitionReplay implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FeedReplay.class);

    private final TopicPartition partition;
    // the partitions with a replay queued or running; also the lock that guards {@code waiting}
    private final Map<TopicPartition, PartitionReplay> replays;
    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle;
    private final Duration timeout;
    private final FeedFrames frames;
    // guarded by replays
    private final List<ReplayViewer> waiting = new ArrayList<>();
    // the replay thread's own: viewers being served, by batch key
    private final Map<String, List<ReplayViewer>> serving = new HashMap<>();
    private int servingCount;
    private long position;

    PartitionReplay(TopicPartition partition, Map<TopicPartition, PartitionReplay> replays,
            BlockingQueue<KafkaConsumer<String, byte[]>> idle, Duration timeout, FeedFrames frames) {
        this.partition = partition;
        this.replays = replays;
        this.idle = idle;
        this.timeout = timeout;
        this.frames = frames;
    }

    /** A viewer for this replay; the caller holds the {@code replays} lock. */
    void add(ReplayViewer viewer) {
        waiting.add(viewer);
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
                    List<ReplayViewer> viewers = record.key() == null ? null : serving.get(record.key());
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
        List<ReplayViewer> admitted = new ArrayList<>();
        synchronized (replays) {
            for (Iterator<ReplayViewer> it = waiting.iterator(); it.hasNext();) {
                ReplayViewer viewer = it.next();
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
        for (ReplayViewer viewer : admitted) {
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
        for (Iterator<List<ReplayViewer>> batches = serving.values().iterator(); batches.hasNext();) {
            List<ReplayViewer> viewers = batches.next();
            for (Iterator<ReplayViewer> it = viewers.iterator(); it.hasNext();) {
                ReplayViewer viewer = it.next();
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
    private void deliver(ConsumerRecord<String, byte[]> record, List<ReplayViewer> viewers)
            throws InterruptedException {
        Frame frame = null;
        long frameTotal = 0;
        for (Iterator<ReplayViewer> it = viewers.iterator(); it.hasNext();) {
            ReplayViewer viewer = it.next();
            long total = viewer.connection.total();
            if (frame == null || total != frameTotal) {
                frame = frames.frame(record, total);
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
    private List<ReplayViewer> everyone() {
        List<ReplayViewer> all = new ArrayList<>();
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
