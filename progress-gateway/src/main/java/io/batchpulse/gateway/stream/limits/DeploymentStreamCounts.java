package io.batchpulse.gateway.stream.limits;

import io.batchpulse.events.Topics;
import io.batchpulse.gateway.GatewayInstance;
import io.batchpulse.gateway.GatewayProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every user's open streams on the other gateway instances, learned from the compacted
 * {@code stream-counts} topic that all instances write and read: {@code count|<instance>|<user>}
 * holds an instance's count of a user's streams (a tombstone at zero), {@code lease|<instance>}
 * its lease, renewed every {@code heartbeat}. The counts of an instance not heard from for
 * {@code lease} no longer count (it died), and whoever notices removes them from the topic.
 *
 * <p>Changes are published within {@link #FLUSH} and reach the others after one produce and
 * fetch, tens of milliseconds: a user opening streams on two instances within that window can
 * get a stream or two past the cap, never more than one per instance.
 */
@Component
public class DeploymentStreamCounts implements SmartLifecycle {

    static final Duration FLUSH = Duration.ofMillis(20);
    private static final Logger log = LoggerFactory.getLogger(DeploymentStreamCounts.class);
    private static final String COUNT = "count|";
    private static final String LEASE = "lease|";

    private final boolean enabled;
    private final String instance;
    private final String topic;
    private final GatewayProperties.Shared settings;
    private final SharedLimitsClients clients;
    private final InstanceCounts others;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    // the flusher's own: what this instance last published per user
    private final Map<String, Integer> published = new ConcurrentHashMap<>();
    private volatile ToIntFunction<String> local = user -> 0;
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private TopicFollower follower;
    private ScheduledExecutorService scheduler;

    DeploymentStreamCounts(GatewayProperties properties, Topics topics, GatewayInstance instance,
            SharedLimitsClients clients) {
        this.settings = properties.stream().shared();
        this.enabled = settings.enabled();
        this.instance = instance.id();
        this.topic = topics.streamCounts();
        this.clients = clients;
        this.others = new InstanceCounts(this.instance, settings.lease().toMillis());
    }

    /** Where this instance's own counts come from (its open streams). */
    public void countLocallyWith(ToIntFunction<String> counter) {
        this.local = counter;
    }

    /** The user's open streams on the other live instances, as far as this instance has heard. */
    public int elsewhere(String user) {
        return others.elsewhere(user);
    }

    /** The user's count on this instance changed; it is published with the next flush. */
    public void changed(String user) {
        if (enabled) {
            dirty.add(user);
        }
    }

    private void flush() {
        for (String user : dirty) {
            dirty.remove(user);
            int count = local.applyAsInt(user);
            if (published.getOrDefault(user, 0) == count) {
                continue;
            }
            try {
                producer.send(new ProducerRecord<>(topic, COUNT + instance + "|" + user,
                        count == 0 ? null : Integer.toString(count)));
                published.compute(user, (u, before) -> count == 0 ? null : count);
            } catch (RuntimeException e) {
                dirty.add(user);
                log.warn("Could not publish this instance's stream counts; retrying", e);
                return;
            }
        }
    }

    private void renewLease() {
        try {
            producer.send(new ProducerRecord<>(topic, LEASE + instance, Long.toString(System.currentTimeMillis())));
        } catch (RuntimeException e) {
            log.warn("Could not renew this instance's lease on {}", topic, e);
        }
    }

    private void heard(ConsumerRecord<String, String> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        if (key.startsWith(LEASE)) {
            others.lease(key.substring(LEASE.length()), record.value() == null ? null : record.timestamp());
        } else if (key.startsWith(COUNT)) {
            String[] parts = key.split("\\|", 3);
            if (parts.length == 3) {
                Integer count = record.value() == null ? null : parse(record.value());
                if (record.value() != null && count == null) {
                    return;
                }
                others.count(parts[1], parts[2], count);
                if (count == null && parts[1].equals(instance) && published.remove(parts[2]) != null) {
                    // removed by another instance that took this one for dead (a long pause): say it again
                    dirty.add(parts[2]);
                }
            }
        }
    }

    private static Integer parse(String count) {
        try {
            return Integer.valueOf(count);
        } catch (NumberFormatException e) {
            log.warn("Ignoring a stream count that is not a number: {}", count);
            return null;
        }
    }

    /** Removes the records of instances whose lease ran out, so instances started later never see them. */
    private void forgetTheDead() {
        others.forgetTheDead().forEach((other, users) -> {
            log.info("Gateway instance {} is gone; its {} users' stream counts no longer count", other, users.size());
            users.forEach(user -> producer.send(new ProducerRecord<>(topic, COUNT + other + "|" + user, null)));
            producer.send(new ProducerRecord<>(topic, LEASE + other, null));
        });
    }

    @Override
    public void start() {
        if (!enabled) {
            running = true;
            return;
        }
        producer = clients.producer();
        renewLease();
        follower = new TopicFollower(clients.consumer(), topic, this::heard, () -> { });
        follower.start(0, "stream-counts", Duration.ofSeconds(30));
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stream-counts-publisher");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::flush, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        long beat = settings.heartbeat().toMillis();
        scheduler.scheduleAtFixedRate(() -> {
            renewLease();
            forgetTheDead();
        }, beat, beat, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Leaves the topic as if this instance had never been: its counts and lease are removed. */
    @Override
    public void stop() {
        running = false;
        if (!enabled || producer == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            published.keySet().forEach(user -> producer.send(new ProducerRecord<>(topic, COUNT + instance + "|" + user,
                    null)));
            producer.send(new ProducerRecord<>(topic, LEASE + instance, null));
            producer.flush();
        } catch (RuntimeException e) {
            log.warn("Could not remove this instance's stream counts; they expire with its lease", e);
        } finally {
            follower.stop();
            producer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public int getPhase() {
        return SharedLimitsClients.PHASE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
