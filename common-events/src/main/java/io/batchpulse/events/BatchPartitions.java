package io.batchpulse.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a batch's keyed records land: every producer keys batch-commands and batch-events by the
 * batch id's string form and leaves the partition to Kafka's built-in partitioner, which for a
 * keyed record is murmur2 of the key's bytes. The orchestrator uses this to know which batches
 * its assigned batch-commands partitions make it the owner of.
 */
public final class BatchPartitions {

    private BatchPartitions() {
    }

    /** The partition, of a topic with {@code partitions} partitions, that records keyed by this batch go to. */
    public static int of(UUID batchId, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(batchId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
