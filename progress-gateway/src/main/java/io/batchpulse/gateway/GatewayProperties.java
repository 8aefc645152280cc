package io.batchpulse.gateway;

import io.batchpulse.events.TopicSettings;
import io.batchpulse.events.url.TargetPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the gateway, bound from {@code gateway.*} and checked at start-up. Over 300
 * lines on purpose: the conventions keep one {@code @ConfigurationProperties} record per service,
 * and most of its length is the parameter documentation of its nested records.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @Valid @DefaultValue TopicSettings topics,
        @Valid @DefaultValue Orchestrator orchestrator,
        @Valid @DefaultValue Commands commands,
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue Auth auth,
        @NotEmpty @DefaultValue({"simulated", "http"}) List<@NotBlank String> processors,
        @Valid @DefaultValue Cors cors,
        @Valid @DefaultValue Progress progress,
        @Valid @DefaultValue Stream stream,
        @Valid @DefaultValue Uploads uploads,
        @Valid @DefaultValue HttpTargets httpTargets,
        @Valid @DefaultValue HttpTargets callbackTargets) {

    /**
     * The orchestrator's internal read API.
     *
     * @param urls one address per orchestrator instance (asked in turn while one refuses connections),
     *             or one that balances over them (a Kubernetes Service); external addresses:
     *             application.yml binds them to {@code ORCHESTRATOR_URL} (comma-separated) with the local default
     */
    public record Orchestrator(
            @NotEmpty List<URI> urls,
            @NotNull @DefaultValue("2s") Duration connectTimeout,
            @NotNull @DefaultValue("5s") Duration readTimeout) {
    }

    /**
     * Request/reply over Kafka: how long an HTTP caller waits for the orchestrator's answer, and
     * how items are cut into append-items commands (bounded by count and by bytes, so no record
     * comes near the broker's 1 MB default limit).
     */
    public record Commands(
            @NotNull @DefaultValue("10s") Duration replyTimeout,
            @Min(1) @Max(10_000) @DefaultValue("1000") int appendChunkSize,
            @NotNull @DefaultValue("512KB") DataSize appendChunkBytes) {
    }

    /** What one request may carry. */
    public record Limits(
            @Min(1) @DefaultValue("10000") int maxItemsPerRequest,
            @NotNull @DefaultValue("16MB") DataSize maxRequestBody,
            @NotNull @DefaultValue("256KB") DataSize maxItemBytes,
            @NotNull @DefaultValue("64KB") DataSize maxConfigBytes,
            @Min(1) @DefaultValue("20") int defaultPageSize,
            @Min(1) @DefaultValue("200") int maxPageSize) {
    }

    /**
     * JWT bearer auth. With {@code jwkSetUri} set, tokens are checked against the identity
     * provider's keys; otherwise against the HMAC secret (local runs, single-team deployments).
     *
     * @param hmacSecret at least 32 bytes; plain text, or {@code base64:...}
     * @param issuer checked against the token's {@code iss} when not blank
     * @param audiences a token's {@code aud} must name one of these; empty: not checked (the local
     *                  HMAC run). Production should set it: an identity provider shared with other
     *                  services mints tokens for them too, and without it the gateway takes those
     */
    public record Auth(
            @DefaultValue("") String hmacSecret,
            @DefaultValue("batchpulse") String issuer,
            @NotBlank @DefaultValue("batchpulse:admin") String adminScope,
            @NotNull @DefaultValue("12h") Duration devTokenTtl,
            @DefaultValue("") String jwkSetUri,
            @DefaultValue List<@NotBlank String> audiences) {

        public static final int MIN_SECRET_BYTES = 32;
        private static final String BASE64_PREFIX = "base64:";

        public boolean usesJwkSet() {
            return !jwkSetUri.isBlank();
        }

        /** The HMAC key bytes; a secret that is not valid base64 after its prefix yields nothing. */
        public byte[] secretBytes() {
            if (hmacSecret.startsWith(BASE64_PREFIX)) {
                try {
                    return Base64.getDecoder().decode(hmacSecret.substring(BASE64_PREFIX.length()).trim());
                } catch (IllegalArgumentException e) {
                    return new byte[0];
                }
            }
            return hmacSecret.getBytes(StandardCharsets.UTF_8);
        }

        @AssertTrue(message = "needs jwk-set-uri, or hmac-secret of at least 32 bytes (plain or base64:...)")
        public boolean isKeyConfigured() {
            return usesJwkSet() || secretBytes().length >= MIN_SECRET_BYTES;
        }
    }

    /**
     * What a batch of the {@code http} processor may name as its {@code config.url}, checked at
     * create time so a URL the workers would refuse is a 400 at once, not failed items later.
     *
     * @param allowed hosts (exact names) and addresses or CIDR ranges that may be called although
     *                they are loopback, private, link-local...; must match the workers'
     *                {@code worker.http.allowed-targets} (both read {@code BATCHPULSE_HTTP_ALLOWED_TARGETS})
     */
    public record HttpTargets(@DefaultValue List<String> allowed) {

        public HttpTargets {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
            TargetPolicy.allowing(allowed); // a malformed entry stops the start-up, naming itself
        }

        public TargetPolicy policy() {
            return TargetPolicy.allowing(allowed);
        }
    }

    /** Browser origins allowed to call the API; empty means no cross-origin access at all. */
    public record Cors(@DefaultValue List<@NotBlank String> allowedOrigins) {

        @AssertTrue(message = "must list explicit origins; '*' is not allowed")
        public boolean isWildcardFree() {
            return allowedOrigins.stream().noneMatch(origin -> origin.contains("*"));
        }
    }

    /**
     * The progress Kafka Streams app (fold of batch-events into snapshots on batch-progress, and
     * the global store of those snapshots that every instance reads).
     *
     * @param enabled        runs the Streams app in this instance; without it the snapshot and SSE
     *                       endpoints answer 503
     * @param applicationId  shared by every gateway instance (they split the fold by partition); it
     *                       names the stores' changelog topics
     * @param stateDir       where the stores live; blank: a fresh directory per process under the
     *                       temp directory (restored from the changelogs at start). Two instances on
     *                       one host need different directories
     * @param commitInterval how often offsets, stores and snapshots commit together; also how
     *                       often the record cache emits a batch's newest snapshot
     * @param cacheMaxBytes  record cache for all stores of the instance
     * @param streamThreads  threads of this instance
     * @param instanceId     this instance's static member name in the app's group (the pod name in
     *                       Kubernetes): restarted under the same name it takes its partitions back at
     *                       once instead of after a rebalance. Blank: a dynamic member. Two live
     *                       instances must never share one
     * @param sessionTimeout a dead instance's partitions move to the others after this (Kafka's
     *                       default is 45 s, which stalled the snapshots of its batches that long)
     */
    public record Progress(
            @DefaultValue("true") boolean enabled,
            @NotBlank @DefaultValue("batchpulse-progress") String applicationId,
            @NotNull @DefaultValue("") String stateDir,
            @NotNull @DefaultValue("100ms") Duration commitInterval,
            @NotNull @DefaultValue("16MB") DataSize cacheMaxBytes,
            @Min(1) @DefaultValue("1") int streamThreads,
            @NotNull @DefaultValue("") String instanceId,
            @NotNull @DurationMin(seconds = 6) @DurationMax(minutes = 30) @DefaultValue("10s") Duration sessionTimeout) {
    }

    /**
     * The SSE stream ({@code GET /api/v1/batches/{id}/progress}).
     *
     * @param heartbeat         a heartbeat event this often on every open stream
     * @param retry             the reconnect delay the stream suggests to clients ({@code retry:})
     * @param progressInterval  at most one batch.progress per batch this often; snapshots only change at
     *                          the topology's commits (every 100 ms), so 50 ms sends each as it comes
     *                          (at most 10 per second) without holding it back; longer intervals trade
     *                          freshness for traffic
     * @param bufferEvents      events queued per connection before feed items are dropped (and
     *                          counted in a feed.gap)
     * @param maxStreamsPerUser open streams per user, across all instances while {@code shared} is
     *                          enabled; one more is 429 TOO_MANY_STREAMS
     * @param ticketTtl         how long a stream ticket may be used to connect (and reconnect)
     * @param ticketSecret      signs stream tickets; blank: derived from the HMAC secret, or random
     *                          per process when only a JWKS is configured (tickets then only work on
     *                          the instance that issued them)
     * @param writerThreads     threads that copy queued frames into sockets, shared by all connections;
     *                          writes never block (a socket that cannot take more is left until the
     *                          container says it can), so a few are enough
     * @param slowClientTimeout a stream whose socket has not been writable for this long (its client
     *                          stopped reading) is closed; the client's reconnect resumes from its
     *                          Last-Event-ID
     * @param replayConsumers   Kafka consumers (and threads) replaying missed events for resumed streams
     * @param replayTimeout     a replay that cannot catch up with the live feed in this time ends
     *                          the stream with an error event (the client reconnects)
     * @param maxStreams        open streams this instance admits; 0: derived from the heap as
     *                          {@code floor(maxMemory × heap-share / stream-cost)}. One more is 503
     *                          STREAMS_FULL with {@code Retry-After}
     * @param streamCost        memory one open stream costs (measured by the benchmark's connections
     *                          scenario: heap and direct buffers), for the derived capacity
     * @param heapShare         the part of the max heap open streams may take; the rest is left to
     *                          the Streams app, Kafka clients, uploads and garbage-collection headroom
     * @param retryAfter        what a refused stream is told to wait ({@code Retry-After}, whole seconds)
     * @param maxReplayEvents   a resume more than this many batch-events records (of its partition)
     *                          behind the live feed gets a fresh snapshot and a feed.gap instead of a replay
     * @param maxReplaysPerUser replays one user may have queued or running at once; past it, a
     *                          resume gets the snapshot and a feed.gap
     * @param crowdSize         above this many viewers of one batch on this instance, the batch's item
     *                          events go to them sampled (feed.sampled says how many were left out);
     *                          snapshots and batch events still reach everyone. 100: the measured
     *                          fan-out (about 280,000 events a second written on 2 cores) carries
     *                          100 viewers of a 1,000 items/s batch (200,000 events a second)
     * @param crowdItemsPerSecond item events a second a crowded batch's sampled viewers get at most, on average
     * @param crowdFanout       item-event writes a second one crowded batch may cost this instance,
     *                          over all its viewers: each gets this divided by their number (between 1
     *                          and {@code crowdItemsPerSecond}), and snapshots are paced the same way.
     *                          10,000: 5,000 viewers get 2 a second of each
     * @param shared            how instances share the per-user cap and used tickets through Kafka
     */
    public record Stream(
            @NotNull @DefaultValue("15s") Duration heartbeat,
            @NotNull @DefaultValue("3s") Duration retry,
            @NotNull @DefaultValue("50ms") Duration progressInterval,
            @Min(8) @DefaultValue("512") int bufferEvents,
            @Min(1) @DefaultValue("20") int maxStreamsPerUser,
            @NotNull @DefaultValue("60s") Duration ticketTtl,
            @NotNull @DefaultValue("") String ticketSecret,
            @Min(1) @DefaultValue("4") int writerThreads,
            @Min(1) @DefaultValue("2") int replayConsumers,
            @NotNull @DefaultValue("30s") Duration replayTimeout,
            @NotNull @DefaultValue("30s") Duration slowClientTimeout,
            @Min(0) @DefaultValue("0") int maxStreams,
            @NotNull @DefaultValue("48KB") DataSize streamCost,
            @DecimalMin("0.05") @DecimalMax("0.95") @DefaultValue("0.6") double heapShare,
            @NotNull @DefaultValue("5s") Duration retryAfter,
            @Min(1) @DefaultValue("10000") long maxReplayEvents,
            @Min(1) @DefaultValue("4") int maxReplaysPerUser,
            @Min(1) @DefaultValue("100") int crowdSize,
            @Min(1) @DefaultValue("20") int crowdItemsPerSecond,
            @Min(1) @DefaultValue("10000") int crowdFanout,
            @Valid @DefaultValue Shared shared) {

        @AssertTrue(message = "stream-cost must be at least 1KB")
        public boolean isStreamCostSane() {
            return streamCost.toBytes() >= 1024;
        }
    }

    /**
     * The per-user stream cap and single-use tickets across all instances, through two Kafka
     * topics every gateway reads ({@code stream-counts}, {@code stream-tickets}).
     *
     * @param enabled   off: the cap and single use hold per instance only
     * @param heartbeat how often an instance renews its lease (and republishes its counts)
     * @param lease     an instance not heard from for this long no longer counts (it died)
     * @param redeemTimeout how long a ticket's redemption waits to learn whether it came first
     */
    public record Shared(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("2s") Duration heartbeat,
            @NotNull @DefaultValue("10s") Duration lease,
            @NotNull @DefaultValue("5s") Duration redeemTimeout) {

        @AssertTrue(message = "lease must be longer than two heartbeats")
        public boolean isLeaseLongerThanHeartbeats() {
            return lease.compareTo(heartbeat.multipliedBy(2)) > 0;
        }
    }

    /**
     * Resumable uploads of item files ({@code /api/v1/uploads}) and how they become batches.
     *
     * @param directory            where uploads live (one directory each: the data and a small JSON
     *                             file of metadata), so they survive a restart; blank: {@code
     *                             batchpulse-uploads} under the temp directory. Two instances on one
     *                             host need different directories
     * @param maxChunkSize         the largest body of one PATCH
     * @param maxFileSize          the largest file that may be declared
     * @param maxItems             the most items one file may turn into
     * @param maxLineLength        the longest line (a JSONL line, a CSV record) in bytes; a longer one is a bad line
     * @param expireAfter          an upload not turned into a batch is deleted this long after its last
     *                             activity (creation, a chunk); a batched one's metadata too
     * @param sweepInterval        how often expired uploads are looked for
     * @param feedThreads          uploads fed into their batches at once (background threads)
     * @param chunksPerTransaction append-items commands per Kafka transaction while feeding, so no
     *                             transaction holds the batch-commands partition's LSO for long
     * @param sealTimeout          how long feeding waits for the orchestrator to confirm the seal
     *                             (it first stores every appended item)
     * @param readTimeout          a PATCH whose body sends no byte for this long is cut (what arrived
     *                             is kept; the client resumes): the connection's idle timeout while
     *                             a chunk is read, shorter than the server's {@code connection-idle-timeout}
     *                             so a stalled uploader holds no request thread for long
     * @param minChunkRate         the slowest a chunk may arrive, in bytes per second, averaged over the
     *                             chunk: the default {@code chunk-deadline} is {@code max-chunk-size}
     *                             divided by it (64KB: 800 s for a 50MB chunk)
     * @param chunkDeadline        how long one PATCH body may take in all (null: from {@code min-chunk-rate}).
     *                             A sender that trickles (a byte every few seconds, under the read
     *                             timeout) is answered 408 {@code CHUNK_TOO_SLOW} once it passes; nothing
     *                             of that chunk is kept, so the offset stays where it was
     */
    public record Uploads(
            @NotNull @DefaultValue("") String directory,
            @NotNull @DefaultValue("50MB") DataSize maxChunkSize,
            @NotNull @DefaultValue("20GB") DataSize maxFileSize,
            @Min(1) @DefaultValue("10000000") long maxItems,
            @NotNull @DefaultValue("1MB") DataSize maxLineLength,
            @NotNull @DefaultValue("24h") Duration expireAfter,
            @NotNull @DefaultValue("10m") Duration sweepInterval,
            @Min(1) @DefaultValue("2") int feedThreads,
            @Min(1) @DefaultValue("50") int chunksPerTransaction,
            @NotNull @DefaultValue("10m") Duration sealTimeout,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("20s") Duration readTimeout,
            @NotNull @DefaultValue("64KB") DataSize minChunkRate,
            @DurationMin(seconds = 1) Duration chunkDeadline) {

        /** {@code chunk-deadline}, or the time the largest chunk takes at {@code min-chunk-rate}. */
        public Duration chunkTimeLimit() {
            return chunkDeadline != null ? chunkDeadline
                    : Duration.ofSeconds(Math.max(1, maxChunkSize.toBytes() / minChunkRate.toBytes()));
        }

        @AssertTrue(message = "min-chunk-rate must be at least 1 byte")
        public boolean isMinChunkRatePositive() {
            return minChunkRate.toBytes() >= 1;
        }

        public Path directoryPath() {
            return directory.isBlank()
                    ? Path.of(System.getProperty("java.io.tmpdir"), "batchpulse-uploads")
                    : Path.of(directory);
        }

        @AssertTrue(message = "max-line-length must be between 1 byte and 64MB")
        public boolean isLineLengthSane() {
            return maxLineLength.toBytes() >= 1 && maxLineLength.toBytes() <= DataSize.ofMegabytes(64).toBytes();
        }
    }
}
