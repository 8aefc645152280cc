package io.batchpulse.gateway.stream.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a single-partition topic on its own thread, handing every record to its handler, and
 * lets callers wait until it has read past an offset (a record they wrote).
 */
final class TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final Consumer<ConsumerRecord<String, String>> handler;
    private final Runnable afterPoll;
    private final Object progress = new Object();
    private volatile long position;
    private volatile boolean running;
    private Thread thread;

    TopicFollower(KafkaConsumer<String, String> consumer, String topic,
            Consumer<ConsumerRecord<String, String>> handler, Runnable afterPoll) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        this.handler = handler;
        this.afterPoll = afterPoll;
    }

    /**
     * Reads from the first record written at or after {@code fromMillis} (0: the beginning) up to
     * what the topic holds now, then follows it on a thread named {@code threadName}.
     */
    void start(long fromMillis, String threadName, Duration catchUp) {
        consumer.assign(List.of(partition));
        if (fromMillis <= 0) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(partition, fromMillis)).get(partition);
            if (first == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, first.offset());
            }
        }
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long deadline = System.nanoTime() + catchUp.toNanos();
        while (consumer.position(partition) < end && System.nanoTime() < deadline) {
            pollOnce();
        }
        position = consumer.position(partition);
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("Stopped following {}; limits across instances no longer hear the others", partition, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
            handler.accept(record);
        }
        afterPoll.run();
        synchronized (progress) {
            position = consumer.position(partition);
            progress.notifyAll();
        }
    }

    /** Waits until every record before {@code offset + 1} has been handled; false on timeout. */
    boolean awaitPast(long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    void stop() {
        running = false;
        if (thread == null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            return;
        }
        consumer.wakeup();
        {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
