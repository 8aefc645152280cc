package io.batchpulse.events;

/** Partition and replica counts for the Batchpulse topics. */
public record TopicSizing(int commandPartitions, int dispatchPartitions, int eventPartitions, short replicas,
        long eventRetentionMs) {

    public static TopicSizing defaults() {
        return new TopicSizing(6, 12, 12, (short) 1, Topics.DEFAULT_EVENT_RETENTION_MS);
    }
}
