package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.stream.limits.DeploymentStreamCounts;
import io.batchpulse.gateway.stream.limits.StreamCapacity;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every open stream of this instance: the per-user cap (counted across instances with
 * {@link DeploymentStreamCounts}), this instance's capacity, the heartbeat, the connection gauge,
 * and closing them all on shutdown so clients reconnect (with Last-Event-ID) to another instance
 * instead of holding the graceful shutdown open.
 */
@Component
class OpenStreams implements SmartLifecycle {

    private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final GatewayProperties.Stream settings;
    private final StreamSchedulers schedulers;
    private final StreamMetrics metrics;
    private final StreamCapacity capacity;
    private final DeploymentStreamCounts deployment;
    private volatile boolean running;
    // cancelled on stop: a context stopped and started again (a paused test context, a refresh)
    // must not run a second heartbeat beside the first
    private ScheduledFuture<?> heartbeats;

    OpenStreams(GatewayProperties properties, StreamSchedulers schedulers, StreamMetrics metrics,
            StreamCapacity capacity, DeploymentStreamCounts deployment) {
        this.settings = properties.stream();
        this.schedulers = schedulers;
        this.metrics = metrics;
        this.capacity = capacity;
        this.deployment = deployment;
        metrics.connections(open);
        deployment.countLocallyWith(user -> perUser.getOrDefault(user, 0));
    }

    /**
     * A new stream for the user, counted against their cap (their streams on every instance) and
     * against this instance's capacity; {@code fullFeed}: it asked for {@code ?feed=full}.
     *
     * @throws ApiException TOO_MANY_STREAMS when the user already has the maximum open;
     *                      STREAMS_FULL when this instance carries all the streams it can
     */
    SseConnection open(String subject, UUID batchId, boolean fullFeed) {
        int cap = settings.maxStreamsPerUser();
        int elsewhere = deployment.elsewhere(subject);
        int[] count = new int[1];
        perUser.compute(subject, (user, current) -> {
            count[0] = current == null ? 0 : current;
            // boxed on both sides: a user with no stream here (null) may be at the cap elsewhere
            return count[0] + elsewhere >= cap ? current : Integer.valueOf(count[0] + 1);
        });
        if (count[0] + elsewhere >= cap) {
            metrics.refused();
            throw new ApiException(ErrorCode.TOO_MANY_STREAMS, "At most " + cap
                    + " open streams per user; close one first");
        }
        try {
            capacity.admit();
        } catch (ApiException full) {
            releaseUser(subject);
            throw full;
        }
        deployment.changed(subject);
        SseConnection connection = new SseConnection(batchId, subject, fullFeed, schedulers, metrics, settings);
        open.add(connection);
        connection.onClose(() -> release(connection));
        return connection;
    }

    int count() {
        return open.size();
    }

    private void release(SseConnection connection) {
        if (open.remove(connection)) {
            capacity.release();
            releaseUser(connection.subject());
        }
    }

    private void releaseUser(String subject) {
        perUser.computeIfPresent(subject, (user, current) -> current <= 1 ? null : current - 1);
        deployment.changed(subject);
    }

    private void heartbeat() {
        open.forEach(SseConnection::heartbeat);
    }

    @Override
    public void start() {
        long period = settings.heartbeat().toMillis();
        heartbeats = schedulers.scheduler().scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
        open.forEach(SseConnection::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
