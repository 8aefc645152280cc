package io.batchpulse.orchestrator.outbox;

import io.batchpulse.events.Headers;
import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.db.Transactions;
import io.batchpulse.orchestrator.faultpoint.FaultPoint;
import io.batchpulse.orchestrator.faultpoint.FaultPoints;
import io.batchpulse.orchestrator.messaging.Acknowledgements;
import io.batchpulse.orchestrator.messaging.TraceContexts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes outbox rows in id order, waits for the broker's acknowledgement, then deletes them.
 * A crash between send and delete re-sends those rows: at least once, and every consumer of
 * batch-events tolerates duplicates (events carry their eventId; item state moves by attempt).
 * Called from the dispatcher thread at the start of each tick, so a batch's batch.started is on
 * the topic before the first item.dispatched of that batch. Several orchestrators share one
 * outbox: a page is relayed under a transaction-scoped advisory lock, so one instance relays at a
 * time and rows go out in id order; an instance that waits for the lock finds the rows it waited
 * for already sent, which keeps that ordering across instances too. Each record is sent in the
 * trace its row was written in ({@link TraceContexts}).
 *
 * <p>The lock is held while the page's acknowledgements are awaited, so an instance that cannot
 * reach the brokers (a partition, not a crash) would hold up every other instance's relay, and so
 * their dispatch, for as long as it waits. It waits at most {@code outbox.sendTimeout} (no
 * {@code flush()}, which has no bound), and after a failed page it stays away from the lock for a
 * backoff that doubles up to 10 s ({@link RelayBackoff}): {@link #backingOff()} tells the dispatcher
 * to skip its tick.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Row(long id, String topic, String key, byte[] payload, String type, String traceparent) {
    }

    /** The advisory lock key of the relay: any fixed number no other lock of this database uses. */
    private static final long RELAY_LOCK = 0x6261746368706c73L;

    private final JdbcTemplate jdbc;
    private final Transactions transactions;
    private final KafkaTemplate<String, Object> kafka;
    private final OrchestratorProperties.Outbox settings;
    private final TraceContexts traces;
    private final FaultPoints faultPoints;
    private final RelayBackoff backoff = new RelayBackoff(System::nanoTime);

    public OutboxRelay(JdbcTemplate jdbc, Transactions transactions, KafkaTemplate<String, Object> kafka,
            OrchestratorProperties properties, TraceContexts traces, FaultPoints faultPoints) {
        this.jdbc = jdbc;
        this.faultPoints = faultPoints;
        this.transactions = transactions;
        this.kafka = kafka;
        this.traces = traces;
        this.settings = properties.outbox();
    }

    /** Whether the last relay failed and the next may not take the lock yet. */
    public boolean backingOff() {
        return backoff.backingOff();
    }

    /** Sends everything committed so far; returns how many records went out. */
    public synchronized int relayAll() {
        if (backingOff()) {
            throw new IllegalStateException("The outbox relay is backing off after a failed send");
        }
        int sent = 0;
        while (true) {
            int page = transactions.inTransaction(this::relayPage);
            sent += page;
            if (page > 0) {
                backoff.sent();
            }
            if (page < settings.batchSize()) {
                return sent;
            }
        }
    }

    private int relayPage() {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", RELAY_LOCK);
        List<Row> rows = jdbc.query(
                "SELECT id, topic, msg_key, payload, event_type, traceparent FROM outbox ORDER BY id LIMIT ?",
                (rs, n) -> new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("msg_key"),
                        rs.getBytes("payload"), rs.getString("event_type"), rs.getString("traceparent")),
                settings.batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        send(rows);
        faultPoints.reach(FaultPoint.OUTBOX_SENT);
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        jdbc.update("DELETE FROM outbox WHERE id = ANY(?::bigint[])", (Object) ids);
        return rows.size();
    }

    private void send(List<Row> rows) {
        try {
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ProducerRecord<String, Object> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
                if (row.type() != null) {
                    record.headers().add(Headers.TYPE, row.type().getBytes(StandardCharsets.UTF_8));
                }
                acks.add(traces.continuing(row.traceparent(), "outbox relay", () -> kafka.send(record)));
            }
            // no flush(): linger.ms is 2 (KafkaConfig), and flush() waits for delivery.timeout.ms
            Acknowledgements.await(acks, settings.sendTimeout(), "outbox records");
        } catch (RuntimeException e) {
            // a send that found no metadata within max.block.ms (KafkaConfig) fails here too, not only
            // one left unacknowledged; only a send backs off: a database that fails held no lock, and
            // its outage is waited out as it is
            long backOffMillis = backoff.failed();
            log.warn("Outbox relay could not publish {} records; they stay in the outbox and are sent again in {} ms",
                    rows.size(), backOffMillis, e);
            throw e;
        }
    }
}
