package io.batchpulse.gateway;

import io.batchpulse.events.TopicSizing;
import io.batchpulse.events.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Every setting of the gateway, bound from {@code gateway.*} and checked at start-up. */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @Valid @DefaultValue TopicSettings topics,
        @Valid @DefaultValue Orchestrator orchestrator,
        @Valid @DefaultValue Commands commands,
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue Auth auth,
        @NotEmpty @DefaultValue({"simulated", "http"}) List<@NotBlank String> processors,
        @Valid @DefaultValue Cors cors) {

    /** Topic names (prefix) and how the gateway declares them if they do not exist yet. */
    public record TopicSettings(
            @NotNull @DefaultValue(Topics.DEFAULT_PREFIX) String prefix,
            @Min(1) @DefaultValue("6") int commandPartitions,
            @Min(1) @DefaultValue("12") int dispatchPartitions,
            @Min(1) @DefaultValue("12") int eventPartitions,
            @Min(1) @DefaultValue("1") short replicas,
            @NotNull @DefaultValue("30d") Duration eventRetention) {

        public Topics names() {
            return new Topics(prefix);
        }

        public TopicSizing sizing() {
            return new TopicSizing(commandPartitions, dispatchPartitions, eventPartitions, replicas,
                    eventRetention.toMillis());
        }
    }

    /** The orchestrator's internal read API. */
    public record Orchestrator(
            @NotNull @DefaultValue("http://127.0.0.1:8081") URI url,
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
            @Min(1) @DefaultValue("20") int defaultPageSize,
            @Min(1) @DefaultValue("200") int maxPageSize) {
    }

    /**
     * JWT bearer auth. With {@code jwkSetUri} set, tokens are checked against the identity
     * provider's keys; otherwise against the HMAC secret (local runs, single-team deployments).
     *
     * @param hmacSecret at least 32 bytes; plain text, or {@code base64:...}
     * @param issuer checked against the token's {@code iss} when not blank
     */
    public record Auth(
            @DefaultValue("") String hmacSecret,
            @DefaultValue("batchpulse") String issuer,
            @NotBlank @DefaultValue("batchpulse:admin") String adminScope,
            @NotNull @DefaultValue("12h") Duration devTokenTtl,
            @DefaultValue("") String jwkSetUri) {

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

    /** Browser origins allowed to call the API; empty means no cross-origin access at all. */
    public record Cors(@DefaultValue List<@NotBlank String> allowedOrigins) {

        @AssertTrue(message = "must list explicit origins; '*' is not allowed")
        public boolean isWildcardFree() {
            return allowedOrigins.stream().noneMatch(origin -> origin.contains("*"));
        }
    }
}
