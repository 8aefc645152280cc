package io.batchpulse.gateway.command;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Ready once the outcome consumer owns its partitions and knows where "latest" is. Before that,
 * an outcome could be written before the consumer's starting offset and be missed, so the
 * instance must not take commands yet (part of the readiness probe).
 */
@Component("outcomeListener")
class OutcomeListenerReadiness implements ConsumerAwareRebalanceListener, HealthIndicator {

    private final AtomicBoolean assigned = new AtomicBoolean();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Resolves the "latest" reset now rather than on the next fetch: from here on, no outcome is missed.
        partitions.forEach(consumer::position);
        assigned.set(!partitions.isEmpty());
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.set(false);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.set(false);
    }

    @Override
    public Health health() {
        return assigned.get() ? Health.up().build() : Health.outOfService().withDetail("reason",
                "the command outcome consumer has no partitions yet").build();
    }
}
