package io.batchpulse.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place topic names live. Every name carries a configurable prefix so several
 * Batchpulse installations (or test runs) can share a cluster.
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "batchpulse.";
    public static final String DLT_SUFFIX = ".DLT";

    static final String BATCH_COMMANDS = "batch-commands";
    static final String ITEM_DISPATCH = "item-dispatch";
    static final String BATCH_EVENTS = "batch-events";
    static final String BATCH_PROGRESS = "batch-progress";
    static final String STREAM_COUNTS = "stream-counts";
    static final String STREAM_TICKETS = "stream-tickets";

    /** Used stream tickets are kept a day: far longer than any ticket lives, so every instance sees each use. */
    public static final long STREAM_TICKET_RETENTION_MS = 24L * 60 * 60 * 1000;

    /** Thirty days: analytics tools replay the event log. */
    public static final long DEFAULT_EVENT_RETENTION_MS = 30L * 24 * 60 * 60 * 1000;

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String batchCommands() {
        return prefix + BATCH_COMMANDS;
    }

    public String itemDispatch() {
        return prefix + ITEM_DISPATCH;
    }

    public String batchEvents() {
        return prefix + BATCH_EVENTS;
    }

    public String batchProgress() {
        return prefix + BATCH_PROGRESS;
    }

    /**
     * The gateways' open-stream counts per instance and user, and their instance leases
     * (compacted: the newest count per key is the state).
     */
    public String streamCounts() {
        return prefix + STREAM_COUNTS;
    }

    /** Stream tickets as they are redeemed; the first record of a ticket id is its one use. */
    public String streamTickets() {
        return prefix + STREAM_TICKETS;
    }

    /**
     * The orchestrators' dispatch producers' transactional ids start with this; the one of a
     * batch-commands partition is this plus its number, whichever instance owns it, so the
     * instance that takes the partition over fences the producer of the one before.
     */
    public String dispatchTransactionalIdPrefix() {
        return prefix + "orchestrator-dispatch-";
    }

    public static String deadLetter(String topic) {
        return topic + DLT_SUFFIX;
    }

    /**
     * What each topic needs, for the services that declare them. Partition counts bound how far
     * workers and gateways scale out; replication comes from the deployment.
     */
    public List<TopicSpec> specs(TopicSizing sizing) {
        return List.of(
                new TopicSpec(batchCommands(), sizing.commandPartitions(), sizing.replicas(), Map.of()),
                new TopicSpec(itemDispatch(), sizing.dispatchPartitions(), sizing.replicas(), Map.of()),
                new TopicSpec(batchEvents(), sizing.eventPartitions(), sizing.replicas(),
                        Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(sizing.eventRetentionMs()))),
                new TopicSpec(batchProgress(), sizing.eventPartitions(), sizing.replicas(),
                        Map.of("cleanup.policy", "compact")),
                // one partition each: a total order of every gateway's records, of a few bytes each
                new TopicSpec(streamCounts(), 1, sizing.replicas(), Map.of("cleanup.policy", "compact")),
                new TopicSpec(streamTickets(), 1, sizing.replicas(),
                        Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(STREAM_TICKET_RETENTION_MS))));
    }

    /** The topics that only gateways read and write, which have no dead-letter topic. */
    private boolean isGatewayState(String topic) {
        return topic.equals(batchProgress()) || topic.equals(streamCounts()) || topic.equals(streamTickets());
    }

    /** Dead-letter topics mirror their source's partitioning so a record's DLT partition can follow it. */
    public List<TopicSpec> deadLetterSpecs(TopicSizing sizing) {
        return specs(sizing).stream()
                .filter(spec -> !isGatewayState(spec.name()))
                .map(spec -> new TopicSpec(deadLetter(spec.name()), spec.partitions(), spec.replicas(), Map.of()))
                .toList();
    }
}
