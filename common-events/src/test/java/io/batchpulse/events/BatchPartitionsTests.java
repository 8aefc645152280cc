package io.batchpulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BatchPartitionsTests {

    @Test
    void aBatchLandsWhereTheProducersBuiltInPartitionerPutsItsKeyedRecords() {
        Set<Integer> seen = new HashSet<>();
        try (StringSerializer keys = new StringSerializer()) {
            for (int i = 0; i < 2_000; i++) {
                UUID batchId = UUID.randomUUID();
                for (int partitions : new int[] {1, 3, 12, 50}) {
                    int expected = BuiltInPartitioner.partitionForKey(
                            keys.serialize("batch-commands", batchId.toString()), partitions);
                    assertThat(BatchPartitions.of(batchId, partitions)).as("%s of %d", batchId, partitions)
                            .isEqualTo(expected);
                }
                seen.add(BatchPartitions.of(batchId, 12));
            }
        }
        assertThat(seen).hasSize(12);
    }

    @Test
    void aTopicWithoutPartitionsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BatchPartitions.of(UUID.randomUUID(), 0));
    }
}
