package io.batchpulse.orchestrator.outbox;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.json.BatchEventSerde;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Events written in the same transaction as the state change they report, so an event exists
 * exactly when its change was committed. {@link OutboxRelay} publishes them in id order.
 */
@Component
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox (topic, msg_key, payload, event_type) VALUES (?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final Topics topics;
    private final BatchEventSerde serde = new BatchEventSerde();

    public Outbox(JdbcTemplate jdbc, Topics topics) {
        this.jdbc = jdbc;
        this.topics = topics;
    }

    public void append(BatchEvent event) {
        jdbc.update(INSERT, topics.batchEvents(), key(event), serde.serialize(topics.batchEvents(), event),
                event.type());
    }

    public void appendAll(List<? extends BatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String topic = topics.batchEvents();
        jdbc.batchUpdate(INSERT, events, 500, (ps, event) -> {
            ps.setString(1, topic);
            ps.setString(2, key(event));
            ps.setBytes(3, serde.serialize(topic, event));
            ps.setString(4, event.type());
        });
    }

    private static String key(BatchEvent event) {
        return event.batchId() == null ? null : event.batchId().toString();
    }
}
