package io.batchpulse.gateway.stream.limits;

import io.batchpulse.events.Topics;
import io.batchpulse.gateway.GatewayInstance;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Single use of a ticket across every gateway instance, through the {@code stream-tickets} topic
 * (one partition, so one order for all): redeeming publishes a claim keyed by the ticket's id and
 * waits until this instance has read up to it; the ticket's first claim in the topic wins, on
 * whichever instance it was made. No store besides Kafka, and no instance decides alone. A claim
 * costs one produce (acks=all) and one fetch, a few milliseconds.
 *
 * <p>If Kafka does not answer within {@code redeem-timeout}, the ticket is refused (503): a ticket
 * that might have been used elsewhere must not open a stream.
 */
@Component
public class UsedTickets implements SmartLifecycle {

    private final boolean enabled;
    private final String instance;
    private final String topic;
    private final Duration timeout;
    private final Duration ticketTtl;
    private final SharedLimitsClients clients;
    // ticket id → its first claim and when the ticket expires
    private final Map<String, Claim> first = new ConcurrentHashMap<>();
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private TopicFollower follower;

    private record Claim(String claim, long expiresAtMillis) {
    }

    UsedTickets(GatewayProperties properties, Topics topics, GatewayInstance instance, SharedLimitsClients clients) {
        this.enabled = properties.stream().shared().enabled();
        this.timeout = properties.stream().shared().redeemTimeout();
        this.ticketTtl = properties.stream().ticketTtl();
        this.instance = instance.id();
        this.topic = topics.streamTickets();
        this.clients = clients;
    }

    /**
     * Uses the ticket; true if this was its first use anywhere.
     *
     * @throws ApiException UNAVAILABLE when that cannot be learned in time
     */
    public boolean firstUse(String ticketId, Instant expiresAt) {
        if (first.containsKey(ticketId)) {
            return false;
        }
        String claim = instance + "|" + UUID.randomUUID();
        if (!enabled) {
            forgetExpired();
            return first.putIfAbsent(ticketId, new Claim(claim, expiresAt.toEpochMilli())) == null;
        }
        try {
            long offset = producer.send(new ProducerRecord<>(topic, ticketId, claim + "|" + expiresAt.toEpochMilli()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            if (!follower.awaitPast(offset, timeout)) {
                throw unavailable(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable(e);
        }
        Claim winner = first.get(ticketId);
        return winner != null && winner.claim().equals(claim);
    }

    private static ApiException unavailable(Exception cause) {
        ApiException failure = new ApiException(ErrorCode.UNAVAILABLE,
                "Could not check the stream ticket right now; try again");
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }

    private void heard(ConsumerRecord<String, String> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        int last = record.value().lastIndexOf('|');
        long expires = last < 0 ? 0 : parse(record.value().substring(last + 1));
        first.putIfAbsent(record.key(), new Claim(last < 0 ? record.value() : record.value().substring(0, last), expires));
    }

    private static long parse(String millis) {
        try {
            return Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Expired tickets cannot be redeemed anyway: their ids need not be kept. */
    private void forgetExpired() {
        if (first.size() > 1024) {
            long now = System.currentTimeMillis();
            first.values().removeIf(claim -> claim.expiresAtMillis() < now);
        }
    }

    @Override
    public void start() {
        if (enabled) {
            producer = clients.producer();
            follower = new TopicFollower(clients.consumer(), topic, this::heard, this::forgetExpired);
            // claims of tickets that may still be valid; older ones can never matter again
            long from = System.currentTimeMillis() - ticketTtl.toMillis() - Duration.ofMinutes(1).toMillis();
            follower.start(from, "stream-tickets", Duration.ofSeconds(30));
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (follower != null) {
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
