package io.batchpulse.bench;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatched;
import io.batchpulse.events.json.BatchEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows batch-events from its end (no consumer group: it assigns every partition) and keeps,
 * per batch, the times the orchestrator reported: started, paused, resumed, first dispatch, completed.
 * For batches a scenario watches it also reads every item.dispatched (the dispatch gaps) or
 * item.completed (the workers' busy time).
 * Item events, the bulk of the topic, are skipped by their type header unread (all but each
 * batch's first item.dispatched), so the tap costs little CPU.
 */
final class EventTap implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final BatchEventSerde serde = new BatchEventSerde();
    private final String topic;
    private final ConcurrentMap<UUID, Instant> started = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Instant> paused = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Instant> resumed = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Instant> firstDispatch = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, DispatchGaps> dispatchGaps = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, LongAdder> busyMillis = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, CompletableFuture<BatchCompleted>> completions = new ConcurrentHashMap<>();
    private final Queue<CommandRejected> rejections = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventTap(String bootstrap, Topics topics) {
        this.topic = topics.batchEvents();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // the orchestrators dispatch in transactions: a fenced one's item.dispatched never happened
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.CLIENT_ID_CONFIG, "batchpulse-bench-tap"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now: nothing after this line is missed
        this.thread = new Thread(this::run, "bench-event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<BatchCompleted> completion(UUID batchId) {
        return completions.computeIfAbsent(batchId, id -> new CompletableFuture<>());
    }

    Instant startedAt(UUID batchId) {
        return started.get(batchId);
    }

    Instant pausedAt(UUID batchId) {
        return paused.get(batchId);
    }

    Instant resumedAt(UUID batchId) {
        return resumed.get(batchId);
    }

    Instant firstDispatchAt(UUID batchId) {
        return firstDispatch.get(batchId);
    }

    /** From now on every item.dispatched of the batch is read, for {@link #longestDispatchGap}. */
    void watchDispatches(UUID batchId) {
        dispatchGaps.putIfAbsent(batchId, new DispatchGaps());
    }

    /** The longest time between two item.dispatched of a watched batch (one partition: in order). */
    Duration longestDispatchGap(UUID batchId) {
        DispatchGaps gaps = dispatchGaps.get(batchId);
        return gaps == null ? Duration.ZERO : gaps.longest();
    }

    /** From now on every item.completed of the batch is read, for {@link #busyTime}. */
    void watchItemTimes(UUID batchId) {
        busyMillis.putIfAbsent(batchId, new LongAdder());
    }

    /** The time the workers spent on a watched batch's completed items: the sum of their durationMs. */
    Duration busyTime(UUID batchId) {
        LongAdder busy = busyMillis.get(batchId);
        return Duration.ofMillis(busy == null ? 0 : busy.sum());
    }

    /** The longest silence between a batch's dispatches; written by the tap's thread only. */
    private static final class DispatchGaps {

        private Instant last;
        private volatile Duration longest = Duration.ZERO;

        void dispatched(Instant at) {
            if (last != null && at.isAfter(last)) {
                Duration gap = Duration.between(last, at);
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
            }
            if (last == null || at.isAfter(last)) {
                last = at;
            }
        }

        Duration longest() {
            return longest;
        }
    }

    List<CommandRejected> rejections() {
        return List.copyOf(rejections);
    }

    /** Forgets finished batches so a long run does not grow the benchmark's own heap. */
    void forget(UUID batchId) {
        started.remove(batchId);
        paused.remove(batchId);
        resumed.remove(batchId);
        firstDispatch.remove(batchId);
        dispatchGaps.remove(batchId);
        busyMillis.remove(batchId);
        completions.remove(batchId);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        Header header = record.headers().lastHeader(Headers.TYPE);
        String type = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (ItemDispatched.TYPE.equals(type)) {
            UUID batchId = UUID.fromString(record.key());
            DispatchGaps gaps = dispatchGaps.get(batchId);
            if (!firstDispatch.containsKey(batchId) || gaps != null) {
                Instant at = serde.deserialize(topic, record.value()).occurredAt();
                firstDispatch.putIfAbsent(batchId, at);
                if (gaps != null) {
                    gaps.dispatched(at);
                }
            }
            return;
        }
        if (ItemCompleted.TYPE.equals(type) && !busyMillis.isEmpty()) {
            LongAdder busy = busyMillis.get(UUID.fromString(record.key()));
            if (busy != null) {
                busy.add(((ItemCompleted) serde.deserialize(topic, record.value())).durationMs());
            }
            return;
        }
        if (type != null && type.startsWith(ItemEvent.TYPE_PREFIX)) {
            return; // the bulk of the topic, read by the scenarios' own SSE clients instead
        }
        BatchEvent event = serde.deserialize(topic, record.value());
        if (event instanceof BatchStarted start) {
            started.putIfAbsent(start.batchId(), start.occurredAt());
        } else if (event instanceof BatchPaused pause) {
            paused.putIfAbsent(pause.batchId(), pause.occurredAt());
        } else if (event instanceof BatchResumed resume) {
            resumed.putIfAbsent(resume.batchId(), resume.occurredAt());
        } else if (event instanceof BatchCompleted done) {
            completion(done.batchId()).complete(done);
        } else if (event instanceof CommandRejected rejected) {
            rejections.add(rejected);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serde.close();
    }
}
