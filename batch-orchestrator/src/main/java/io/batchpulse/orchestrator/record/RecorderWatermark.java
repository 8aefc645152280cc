package io.batchpulse.orchestrator.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * When the result recorder last had nothing more to read. A lease may only expire when the
 * recorder is caught up: after an orchestrator restart the recorder waits for its partitions
 * and then reads a backlog of results, and expiring leases meanwhile would re-run (or fail)
 * items whose results are already on the topic.
 */
@Component
public class RecorderWatermark {

    public static final String LISTENER_ID = "orchestrator-recorder";

    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Instant> caughtUpAt = new AtomicReference<>();

    /** A poll that returned less than a full batch has read everything there was. */
    void polled(int records, int maxPollRecords) {
        if (records < maxPollRecords) {
            caughtUpAt.set(clock.instant());
        }
    }

    @EventListener(condition = "event.listenerId.startsWith('" + LISTENER_ID + "')")
    void onIdle(ListenerContainerIdleEvent event) {
        caughtUpAt.set(clock.instant());
    }

    public boolean caughtUpWithin(Duration window) {
        Instant at = caughtUpAt.get();
        return at != null && at.isAfter(clock.instant().minus(window));
    }
}
