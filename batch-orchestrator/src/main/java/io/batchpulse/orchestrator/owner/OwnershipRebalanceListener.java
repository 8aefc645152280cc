package io.batchpulse.orchestrator.owner;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/** Tells {@link BatchOwnership} what the command listener's consumer group gives and takes. */
@Component
public class OwnershipRebalanceListener implements ConsumerAwareRebalanceListener {

    private final BatchOwnership ownership;

    OwnershipRebalanceListener(BatchOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            String topic = partitions.iterator().next().topic();
            ownership.assigned(numbers(partitions), consumer.partitionsFor(topic).size());
        }
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            ownership.revoked(numbers(partitions));
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            ownership.lost(numbers(partitions));
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }
}
