package io.batchpulse.gateway.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jetty.autoconfigure.JettyServerProperties;
import org.springframework.stereotype.Component;

/**
 * batchpulse.sse.connections (gauge) against batchpulse.sse.connections.limit (the server's
 * connection cap: every open stream holds a connection), batchpulse.sse.events.sent (by event
 * name), batchpulse.sse.events.dropped (feed items a slow client missed),
 * batchpulse.sse.refused (streams refused with TOO_MANY_STREAMS) and batchpulse.sse.slow.closed
 * (streams closed because their client stopped reading). The snapshot lag timer lives
 * with the snapshot store (batchpulse.progress.snapshot.lag).
 */
@Component
class StreamMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter refused;
    private final Counter slowClosed;

    StreamMetrics(MeterRegistry registry, ObjectProvider<JettyServerProperties> server) {
        this.registry = registry;
        this.dropped = Counter.builder("batchpulse.sse.events.dropped")
                .description("feed events not sent to a slow client (announced by feed.gap)").register(registry);
        this.refused = Counter.builder("batchpulse.sse.refused")
                .description("streams refused because their user had the most open here").register(registry);
        this.slowClosed = Counter.builder("batchpulse.sse.slow.closed")
                .description("streams closed because their client stopped reading (slow-client-timeout)")
                .register(registry);
        JettyServerProperties jetty = server.getIfAvailable();
        if (jetty != null) {
            Gauge.builder("batchpulse.sse.connections.limit", jetty, JettyServerProperties::getMaxConnections)
                    .description("connections this instance accepts (server.jetty.max-connections)").register(registry);
        }
    }

    /** The set is held by its owner; Micrometer keeps only a weak reference to a gauge's state. */
    void connections(Collection<?> open) {
        Gauge.builder("batchpulse.sse.connections", open, Collection::size)
                .description("open SSE streams on this instance").register(registry);
    }

    void sent(String event) {
        sent.computeIfAbsent(event, name -> Counter.builder("batchpulse.sse.events.sent").tag("event", name)
                .description("SSE events written to clients").register(registry)).increment();
    }

    void dropped() {
        dropped.increment();
    }

    void refused() {
        refused.increment();
    }

    void slowClientClosed() {
        slowClosed.increment();
    }
}
