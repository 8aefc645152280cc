package io.batchpulse.gateway.stream;

/**
 * What a crowded batch may cost this instance. Past {@code size} viewers the batch's item events
 * go to them sampled, and a kept event or a snapshot costs one write per viewer, so both are paced
 * by the audience: together the viewers get about {@code fanout} item events a second (each at
 * most {@code itemsPerSecond}, at least one), and snapshots no more often than that budget allows
 * (never more often than the instance's progress interval). With the defaults 5,000 viewers get
 * 2 item events and 2 snapshots a second each, about 25,000 writes a second with the notices;
 * fixed rates of 20 and 10 would ask for 150,000, more than two cores write (BENCHMARKS.md).
 *
 * @param size           more viewers than this on the instance make the batch crowded
 * @param itemsPerSecond item events a second each sampled viewer gets at most
 * @param fanout         item-event writes a second one crowded batch may cost, over all its viewers
 */
record CrowdLimits(int size, int itemsPerSecond, int fanout) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    boolean crowded(int viewers) {
        return viewers > size;
    }

    /** Item events a second each sampled viewer of a crowd this large gets. */
    int perViewer(int viewers) {
        return Math.max(1, Math.min(itemsPerSecond, fanout / Math.max(1, viewers)));
    }

    /** The least time between two snapshots sent to an audience this large. */
    long snapshotIntervalNanos(long progressInterval, int viewers) {
        if (!crowded(viewers)) {
            return progressInterval;
        }
        return Math.max(progressInterval, viewers * NANOS_PER_SECOND / fanout);
    }
}
