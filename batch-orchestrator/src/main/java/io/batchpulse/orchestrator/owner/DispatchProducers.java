package io.batchpulse.orchestrator.owner;

import io.batchpulse.events.Topics;
import io.batchpulse.orchestrator.messaging.TransactionalProducers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.stereotype.Component;

/**
 * The transactional producer of each batch-commands partition this instance dispatches for. Its
 * transactional id is the partition's ({@link Topics#dispatchTransactionalIdPrefix()}), the same
 * on every instance: opening it ({@code initTransactions}) fences the producer of the instance
 * that held the partition before and aborts what that one had sent but not committed, so records
 * an ex-owner cut off from the brokers still had buffered never reach a read_committed reader.
 * Opened when a partition is taken over and closed when it is handed over, both on the
 * dispatcher thread or under its round lock; a producer whose send failed is discarded, and its
 * partition is dispatched from again only once a new one is open.
 */
@Component
public class DispatchProducers {

    private static final Logger log = LoggerFactory.getLogger(DispatchProducers.class);

    private final TransactionalProducers factory;
    private final String idPrefix;
    private final Map<Integer, Producer<String, Object>> open = new ConcurrentHashMap<>();
    private final Counter fenced;
    private final Counter openFailures;
    /** Kafka's own producer metrics, as KafkaClientMetrics binds them for the shared producer. */
    private final MicrometerProducerListener<String, Object> clientMetrics;

    DispatchProducers(TransactionalProducers factory, Topics topics, MeterRegistry registry) {
        this.factory = factory;
        this.idPrefix = topics.dispatchTransactionalIdPrefix();
        this.clientMetrics = new MicrometerProducerListener<>(registry);
        fenced = Counter.builder("batchpulse.dispatch.fenced")
                .description("dispatch producers fenced by another instance that took their partition over")
                .register(registry);
        openFailures = Counter.builder("batchpulse.dispatch.producer.failures")
                .description("dispatch producers that could not be opened (initTransactions failed or timed out)")
                .register(registry);
    }

    /** The partition's open producer; null while there is none (its partition is then not dispatched from). */
    public Producer<String, Object> of(int partition) {
        return open.get(partition);
    }

    boolean isOpen(int partition) {
        return open.containsKey(partition);
    }

    /** Opens the partition's producer unless it is open; false when the brokers did not let it (tried again next round). */
    boolean open(int partition) {
        if (open.containsKey(partition)) {
            return true;
        }
        Producer<String, Object> producer = factory.create(idPrefix + partition);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            openFailures.increment();
            producer.close(Duration.ZERO);
            log.warn("Could not open the dispatch producer of batch-commands partition {}; not dispatching for it "
                    + "until it opens: {}", partition, e.toString());
            return false;
        }
        open.put(partition, producer);
        clientMetrics.producerAdded(idPrefix + partition, producer);
        return true;
    }

    /**
     * Drops the partition's producer after a send or commit failed with it; unless another
     * instance fenced it, the next round opens a new one, aborting what this one left open.
     */
    public void discard(int partition, RuntimeException cause) {
        if (isFenced(cause)) {
            fenced.increment();
            log.warn("The dispatch producer of batch-commands partition {} was fenced: another instance took the "
                    + "partition over", partition);
        }
        closed(partition, Duration.ZERO);
    }

    /** A hand-over: no send is under way (the round lock is held), so nothing is left to abort. */
    void close(int partition) {
        closed(partition, Duration.ofSeconds(5));
    }

    @PreDestroy
    void closeAll() {
        List.copyOf(open.keySet()).forEach(this::close);
    }

    private void closed(int partition, Duration timeout) {
        Producer<String, Object> producer = open.remove(partition);
        if (producer != null) {
            clientMetrics.producerRemoved(idPrefix + partition, producer);
            producer.close(timeout);
        }
    }

    private static boolean isFenced(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
