package io.batchpulse.worker;

import io.batchpulse.events.TopicSettings;
import io.batchpulse.events.url.TargetPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the worker can be told, under {@code worker.*}. Kafka client settings (bootstrap
 * servers, security, client tuning) stay under Spring Boot's {@code spring.kafka.*}.
 *
 * @param id              sent as {@code workerId} in every item event; defaults to host name + pid
 * @param group           the one consumer group all workers share on item-dispatch (with
 *                        {@code dispatch-group: share-group}, the share group {@code <group>-share})
 * @param dispatchGroup   how the workers share item-dispatch: {@code consumer-group} (the default:
 *                        partitions assigned to consumer threads, the records of a poll run in
 *                        parallel and all finish before the next poll) or {@code share-group} (a
 *                        Kafka share group, KIP-932: {@code concurrency * parallelism} share
 *                        consumers of one record at a time, each acknowledged when its attempt's
 *                        events are; see the README, "Share group")
 * @param shareLock       with {@code share-group}: the group's acquisition lock
 *                        ({@code share.record.lock.duration.ms}), longer than the longest item, within
 *                        the brokers' bounds (15 s to 60 s by default); unset, the brokers' default (30 s)
 * @param concurrency     consumer threads of this instance (more than the partitions' count is useless)
 * @param parallelism     items one consumer thread processes at once (the records of a poll run in parallel)
 * @param shutdownTimeout how long a stopping worker lets the items in hand finish
 * @param maxResultSize   the largest {@code item.completed} (serialized) this worker publishes; a larger
 *                        outcome fails the item with {@code RESULT_TOO_LARGE}. Keep it under the producer's
 *                        {@code max.request.size} and batch-events' {@code max.message.bytes} (1 MB by
 *                        default); an outcome those refuse fails the item the same way
 */
@Validated
@ConfigurationProperties("worker")
public record WorkerProperties(
        String id,
        @DefaultValue("batchpulse-workers") @NotBlank String group,
        @DefaultValue("consumer-group") @NotNull DispatchGroup dispatchGroup,
        @DurationMin(seconds = 1) Duration shareLock,
        @DefaultValue("3") @Min(1) @Max(256) int concurrency,
        @DefaultValue("8") @Min(1) @Max(1024) int parallelism,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration shutdownTimeout,
        @DefaultValue @Valid TopicSettings topics,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid Http http,
        @DefaultValue("900KB") @NotNull DataSize maxResultSize) {

    /** How the workers share item-dispatch (see {@code dispatchGroup}). */
    public enum DispatchGroup { CONSUMER_GROUP, SHARE_GROUP }

    /** Room for an item.completed with a small result: below this, every item would fail. */
    private static final DataSize MIN_RESULT_SIZE = DataSize.ofKilobytes(1);

    public WorkerProperties {
        if (id == null || id.isBlank()) {
            id = defaultId();
        }
        if (maxResultSize != null && maxResultSize.toBytes() < MIN_RESULT_SIZE.toBytes()) {
            throw new IllegalArgumentException("worker.max-result-size must be at least " + MIN_RESULT_SIZE
                    + ", not " + maxResultSize);
        }
    }

    /** The share group of {@code dispatch-group: share-group}: its own id, as a group has one type. */
    public String shareGroup() {
        return group + "-share";
    }

    /**
     * Backoff between attempts of an item that failed with a retryable error: the delay before
     * attempt n+1 is {@code initialInterval * multiplier^(n-1)}, capped at {@code maxInterval}.
     */
    public record Retry(
            @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration initialInterval,
            @DefaultValue("2") @DecimalMin("1.0") @DecimalMax("10.0") double multiplier,
            @DefaultValue("60s") @NotNull @DurationMin(millis = 1) Duration maxInterval) {

        public ExponentialBackOff backOff() {
            ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
            backOff.setMaxInterval(maxInterval.toMillis());
            return backOff;
        }
    }

    /**
     * Defaults of the {@code http} processor; a batch's config may set its own timeout.
     *
     * @param allowedTargets hosts (exact names) and addresses or CIDR ranges the processor may call
     *                       although they are loopback, private, link-local...; empty by default, so
     *                       a batch cannot reach the services next to the worker. The gateways'
     *                       {@code gateway.http-targets.allowed} must list the same
     * @param maxRetryAfter  the longest wait an endpoint's Retry-After (on 429 or 503) is honoured
     *                       for; a longer one is cut to this
     */
    public record Http(
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration timeout,
            @DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
            @DefaultValue("256KB") @NotNull DataSize maxResponseSize,
            @DefaultValue List<String> allowedTargets,
            @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration maxRetryAfter) {

        public Http {
            allowedTargets = allowedTargets == null ? List.of() : List.copyOf(allowedTargets);
            TargetPolicy.allowing(allowedTargets); // a malformed entry stops the start-up, naming itself
        }

        public TargetPolicy targetPolicy() {
            return TargetPolicy.allowing(allowedTargets);
        }
    }

    private static String defaultId() {
        long pid = ProcessHandle.current().pid();
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + pid;
        } catch (UnknownHostException e) {
            String host = System.getenv("HOSTNAME");
            return (host != null ? host : "worker-" + UUID.randomUUID().toString().substring(0, 8)) + "-" + pid;
        }
    }
}
