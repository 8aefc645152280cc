package io.batchpulse.gateway.stream.limits;

import com.sun.management.UnixOperatingSystemMXBean;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Admission control: how many open streams this instance's heap carries, and the 503 past that
 * number. A stream refused here costs nothing, where one admitted past it would put every other
 * viewer at risk of an OutOfMemoryError. Capacity is {@code gateway.stream.max-streams}, or
 * {@code floor(maxMemory × heap-share / stream-cost)} when that is 0, and never more than the
 * process's open-file limit leaves after a reserve: each stream is a socket, and a gateway out of
 * file descriptors cannot accept anything, REST included (Jetty logs "Accept Failure: Too many open
 * files" once a second), where a refused stream gets a clear 503.
 */
@Component
public class StreamCapacity {

    private static final Logger log = LoggerFactory.getLogger(StreamCapacity.class);

    private final int capacity;
    private final long retryAfterSeconds;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Counter refused;

    StreamCapacity(GatewayProperties properties, MeterRegistry registry) {
        GatewayProperties.Stream settings = properties.stream();
        long fileLimit = maxFileDescriptors();
        int byHeap = derive(Runtime.getRuntime().maxMemory(), settings.streamCost(), settings.heapShare());
        int byFiles = streamsWithin(fileLimit);
        this.capacity = settings.maxStreams() > 0 ? settings.maxStreams() : Math.min(byHeap, byFiles);
        this.retryAfterSeconds = Math.max(1, (settings.retryAfter().toMillis() + 999) / 1000);
        this.refused = Counter.builder("batchpulse.sse.refused.full")
                .description("streams refused with STREAMS_FULL: this instance was at its capacity").register(registry);
        Gauge.builder("batchpulse.sse.capacity", this, StreamCapacity::capacity)
                .description("open streams this instance admits (max-streams, or derived from the heap)")
                .register(registry);
        log.info("This instance admits {} open streams{}", capacity, settings.maxStreams() > 0
                ? " (gateway.stream.max-streams)" : byHeap <= byFiles ? " (derived from the max heap)"
                : " (derived from the open-file limit, " + fileLimit + "; raise it to carry more)");
        if (settings.maxStreams() > byFiles) {
            log.warn("gateway.stream.max-streams {} is more than the open-file limit {} leaves for streams ({}): "
                    + "past that, connections fail instead of getting 503", settings.maxStreams(), fileLimit, byFiles);
        }
    }

    /**
     * Streams that fit within an open-file limit once a reserve is kept for everything else: REST
     * connections, the Kafka clients, jars, logs, uploads (1,000 descriptors, or half of a small limit).
     */
    static int streamsWithin(long fileLimit) {
        long reserve = Math.min(1_000, fileLimit / 2);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, fileLimit - reserve));
    }

    private static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Integer.MAX_VALUE;
    }

    /** Streams a heap of {@code maxHeapBytes} carries when they may take {@code share} of it. */
    static int derive(long maxHeapBytes, DataSize streamCost, double share) {
        long streams = (long) (maxHeapBytes * share) / streamCost.toBytes();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, streams));
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Takes a place for a new stream; give it back with {@link #release()} when it closes.
     *
     * @throws ApiException STREAMS_FULL (503, {@code Retry-After}) when every place is taken
     */
    public void admit() {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            refused.increment();
            throw full();
        }
    }

    /**
     * Checks that a stream would be admitted now, without taking a place: a stream ticket is
     * refused when its stream would be, so the page (whose fetch can read the status and
     * Retry-After, where a native EventSource cannot) knows to wait.
     *
     * @throws ApiException STREAMS_FULL as {@link #admit()}
     */
    public void ensureRoom() {
        if (admitted.get() >= capacity) {
            throw full();
        }
    }

    private ApiException full() {
        return new ApiException(ErrorCode.STREAMS_FULL, "Live updates are busy on this server; retry in "
                + retryAfterSeconds + " s (the REST API keeps working)")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    public void release() {
        admitted.decrementAndGet();
    }
}
