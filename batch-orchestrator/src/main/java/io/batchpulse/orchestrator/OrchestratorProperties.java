package io.batchpulse.orchestrator;

import io.batchpulse.events.TopicSettings;
import io.batchpulse.events.url.TargetPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Every setting of the orchestrator, bound from {@code orchestrator.*}. */
@Validated
@ConfigurationProperties("orchestrator")
public record OrchestratorProperties(
        @Valid @NotNull @DefaultValue TopicSettings topics,
        @Valid @NotNull @DefaultValue Consumers consumers,
        @Valid @NotNull @DefaultValue Dispatch dispatch,
        @Valid @NotNull @DefaultValue Lease lease,
        @Valid @NotNull @DefaultValue Outbox outbox,
        @Valid @NotNull @DefaultValue Slices slices,
        @Valid @NotNull @DefaultValue Retry retry,
        @Valid @NotNull @DefaultValue Export export,
        @Valid @NotNull @DefaultValue Callbacks callbacks,
        Map<String, @Valid Limit> limits,
        String instanceId,
        // fault tests only: FaultPoints may be armed to halt the JVM at a chosen point
        @DefaultValue("false") boolean faultPoints) {

    public OrchestratorProperties {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        // The name this instance owns partitions under (the pod's name in Kubernetes); unset, a new one per start.
        instanceId = instanceId == null || instanceId.isBlank()
                ? "orchestrator-" + UUID.randomUUID().toString().substring(0, 8) : instanceId.strip();
    }

    /** Consumer groups: commands and the result recorder read batch-events independently. */
    public record Consumers(
            @NotBlank @DefaultValue("batchpulse-orchestrator-commands") String commandGroupId,
            @NotBlank @DefaultValue("batchpulse-orchestrator-recorder") String recorderGroupId,
            @Min(1) @Max(10_000) @DefaultValue("500") int recorderMaxPollRecords,
            @Min(1) @Max(64) @DefaultValue("1") int recorderConcurrency) {
    }

    /**
     * The dispatcher: one thread, one tick every {@code tickInterval}; at most
     * {@code maxRecordsPerTick} items leave per tick, shared fairly between running batches. After a
     * tick with nothing to relay or dispatch, the next comes {@code idleTickInterval} later, or as
     * soon as new work wakes the dispatcher.
     */
    public record Dispatch(
            @NotNull @DefaultValue("20ms") Duration tickInterval,
            @NotNull @DefaultValue("250ms") Duration idleTickInterval,
            @Min(1) @Max(100_000) @DefaultValue("2000") int maxRecordsPerTick,
            @NotNull @DefaultValue("10s") Duration sendTimeout,
            @Min(1) @DefaultValue("1000") int redispatchChunk) {
    }

    /**
     * The lease sweeper (and the deadline check) runs on the dispatcher thread every {@code sweepInterval}.
     *
     * @param startTimeout how long a dispatched item may wait for a worker to start it (never less than
     *                     the batch's itemTimeout, which runs from item.started on). A dispatch waits in
     *                     Kafka behind the items a worker has in hand, and a worker that dies or hangs
     *                     loses its partitions to another one, so this only has to catch a dispatch no
     *                     worker can take (a dead letter, an expired record): keep it above the workers'
     *                     {@code max.poll.interval.ms} (10 min)
     */
    public record Lease(
            @NotNull @DefaultValue("1s") Duration sweepInterval,
            @Min(1) @DefaultValue("1000") int maxItemsPerSweep,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("15m") Duration startTimeout) {
    }

    /**
     * The outbox relay runs on the dispatcher thread at the start of every tick (so its poll
     * interval is {@code dispatch.tickInterval}); {@code batchSize} rows per round trip.
     *
     * @param sendTimeout how long a page's acknowledgements are awaited under the relay's lock,
     *                    which every instance's relay and dispatch wait for: short, since a page
     *                    not acknowledged in time is simply sent again after a backoff
     */
    public record Outbox(
            @Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
            @NotNull @DefaultValue("3s") Duration sendTimeout) {
    }

    /**
     * Cancel and retry-failed answer at once and move the batch's items in slices of at most
     * {@code size} items, one transaction each: the first slice with the command, the rest on the
     * slicer thread, which looks for outstanding slices every {@code pollInterval}.
     */
    public record Slices(
            @Min(1) @Max(1_000_000) @DefaultValue("10000") int size,
            @NotNull @DefaultValue("500ms") Duration pollInterval) {
    }

    /** Retries of a database transaction that lost a deadlock or a serialization conflict. */
    public record Retry(
            @Min(0) @DefaultValue("10") int maxRetries,
            @NotNull @DefaultValue("20ms") Duration delay) {
    }

    /**
     * Results exports read {@code pageSize} items per statement; it bounds what one export holds in
     * memory (a page of rows with their results) and how long it holds a pooled connection.
     */
    public record Export(
            @Min(1) @Max(50_000) @DefaultValue("2000") int pageSize) {
    }

    /**
     * A shared limit that any batch may name ({@code options.limit}): dispatch across all batches
     * naming it keeps at most {@code maxConcurrent} of their items in flight and sends at most
     * {@code perSecond} of them a second. Either may be left out (no bound of that kind).
     */
    public record Limit(
            @Min(1) @Max(1_000_000) Integer maxConcurrent,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("100000") Double perSecond) {
    }

    /**
     * Completion callbacks: the delivery thread claims up to {@code concurrency} due deliveries every
     * {@code pollInterval} and POSTs them in parallel. A failed attempt is retried after an
     * exponential backoff ({@code initialBackoff} × {@code multiplier}^n, at most {@code maxBackoff},
     * ± {@code jitter}) until {@code giveUpAfter} has passed since the event (or its resend).
     *
     * @param allowedTargets hosts and CIDR ranges a callback may name although they are loopback,
     *                       private or link-local (refused by default, also after DNS at send time)
     */
    public record Callbacks(
            @DefaultValue List<String> allowedTargets,
            @NotNull @DefaultValue("1s") Duration pollInterval,
            @Min(1) @Max(64) @DefaultValue("4") int concurrency,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("10s") Duration readTimeout,
            @NotNull @DefaultValue("10s") Duration initialBackoff,
            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("1h") Duration maxBackoff,
            @NotNull @DefaultValue("5s") Duration jitter,
            @NotNull @DefaultValue("24h") Duration giveUpAfter) {

        public Callbacks {
            allowedTargets = allowedTargets == null ? List.of() : List.copyOf(allowedTargets);
            TargetPolicy.allowing(allowedTargets); // a malformed entry stops the start-up, naming itself
        }

        public TargetPolicy targetPolicy() {
            return TargetPolicy.allowing(allowedTargets);
        }

        /** How long a claimed delivery is out of other instances' reach: longer than any one attempt can take. */
        public Duration claimLease() {
            return connectTimeout.plus(readTimeout).plusSeconds(30);
        }
    }
}
