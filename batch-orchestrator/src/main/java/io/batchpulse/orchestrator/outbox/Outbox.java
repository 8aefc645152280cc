package io.batchpulse.orchestrator.outbox;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.orchestrator.background.DispatchWakeup;
import io.batchpulse.orchestrator.callback.CallbackStore;
import io.batchpulse.orchestrator.messaging.TraceContexts;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Events written in the same transaction as the state change they report, so an event exists
 * exactly when its change was committed. {@link OutboxRelay} publishes them in id order.
 * Every status change a callback can listen for (ended, cancelled, paused) writes its event here,
 * so this is also where the batch's callback deliveries are enqueued, in the same transaction.
 */
@Component
public class Outbox {

    /** The trace: the one in scope, else the batch's (work of background threads continues the batch's trace). */
    private static final String INSERT = """
            INSERT INTO outbox (topic, msg_key, payload, event_type, traceparent)
            VALUES (?, ?, ?, ?, coalesce(?, (SELECT traceparent FROM batch_jobs WHERE id = ?)))
            """;

    private final JdbcTemplate jdbc;
    private final Topics topics;
    private final CallbackStore callbacks;
    private final TraceContexts traces;
    private final DispatchWakeup wakeup;
    private final BatchEventSerde serde = new BatchEventSerde();

    public Outbox(JdbcTemplate jdbc, Topics topics, CallbackStore callbacks, TraceContexts traces,
            DispatchWakeup wakeup) {
        this.wakeup = wakeup;
        this.jdbc = jdbc;
        this.topics = topics;
        this.callbacks = callbacks;
        this.traces = traces;
    }

    public void append(BatchEvent event) {
        jdbc.update(INSERT, topics.batchEvents(), key(event), serde.serialize(topics.batchEvents(), event),
                event.type(), traces.current(), event.batchId());
        callbacks.enqueueFor(event);
        // the relay runs on the dispatcher's tick
        wakeup.wakeAfterCommit();
    }

    /**
     * Keeps the trace in scope (the creating command's) as the batch's: the events and dispatch
     * records written for it later, outside of that span, continue it. Call once its row exists.
     */
    public void keepTrace(UUID batchId) {
        String traceparent = traces.current();
        if (traceparent != null) {
            jdbc.update("UPDATE batch_jobs SET traceparent = ? WHERE id = ?", traceparent, batchId);
        }
    }

    public void appendAll(List<? extends BatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String topic = topics.batchEvents();
        String traceparent = traces.current();
        jdbc.batchUpdate(INSERT, events, 500, (ps, event) -> {
            ps.setString(1, topic);
            ps.setString(2, key(event));
            ps.setBytes(3, serde.serialize(topic, event));
            ps.setString(4, event.type());
            ps.setString(5, traceparent);
            ps.setObject(6, event.batchId());
        });
        events.forEach(callbacks::enqueueFor);
        wakeup.wakeAfterCommit();
    }

    private static String key(BatchEvent event) {
        return event.batchId() == null ? null : event.batchId().toString();
    }
}
