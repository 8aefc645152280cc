package io.batchpulse.gateway.stream.ticket;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.stream.limits.StreamCapacity;
import io.batchpulse.gateway.stream.limits.UsedTickets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Stream tickets for the browser's native EventSource, which cannot send an Authorization header:
 * a JWT of its own (HS256 with a key that is not the API's, audience {@code batchpulse-stream}),
 * naming one batch and one user, valid for {@code ticket-ttl}. A download ticket is the same for
 * a plain link to the results export (audience {@code batchpulse-download}); neither kind is
 * accepted in place of the other. Signed, so every instance can check
 * it. Single use for a new connection across all instances ({@link UsedTickets}); a reconnect
 * that sends Last-Event-ID may reuse it while it is valid (EventSource reconnects with the same URL).
 */
@Component
public class StreamTickets {

    static final String AUDIENCE = "batchpulse-stream";
    static final String ISSUER = "batchpulse-gateway";
    private static final Logger log = LoggerFactory.getLogger(StreamTickets.class);

    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final Duration ttl;
    private final UsedTickets used;
    private final StreamCapacity capacity;

    StreamTickets(GatewayProperties properties, UsedTickets used, StreamCapacity capacity) {
        this.used = used;
        this.capacity = capacity;
        SecretKey key = key(properties);
        this.ttl = properties.stream().ticketTtl();
        this.encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(Duration.ZERO),
                new JwtIssuerValidator(ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.stream()
                        .anyMatch(a -> Arrays.stream(Purpose.values()).anyMatch(p -> p.audience.equals(a))))));
    }

    public record Ticket(String ticket, Instant expiresAt) {
    }

    /** What a ticket opens; its audience. */
    public enum Purpose {
        STREAM(AUDIENCE, "stream"), DOWNLOAD("batchpulse-download", "download");

        private final String audience;
        private final String noun;

        Purpose(String audience, String noun) {
            this.audience = audience;
            this.noun = noun;
        }
    }

    /**
     * A stream ticket, if this instance would admit its stream now.
     *
     * @throws ApiException STREAMS_FULL (503, Retry-After) when it is at its stream capacity
     */
    public Ticket issue(Caller caller, UUID batchId) {
        capacity.ensureRoom();
        return issue(caller, batchId, Purpose.STREAM);
    }

    public Ticket issue(Caller caller, UUID batchId, Purpose purpose) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(ttl);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .audience(List.of(purpose.audience))
                .subject(caller.subject())
                .claim("adm", caller.admin())
                .claim("bid", batchId.toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Ticket(token, expiresAt);
    }

    /**
     * The caller of a request that takes a bearer token or a ticket of this purpose: the bearer's
     * if there is one, else the one the ticket stands for.
     *
     * @throws ApiException UNAUTHORIZED with neither, or as {@link #redeem}
     */
    public Caller callerOf(Optional<Caller> bearer, String ticket, UUID batchId, Purpose purpose, boolean reuse) {
        if (bearer.isPresent()) {
            return bearer.get();
        }
        if (ticket == null || ticket.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "A bearer token or a " + purpose.noun + " ticket is required");
        }
        return redeem(ticket, batchId, purpose, reuse);
    }

    /**
     * The caller a ticket of this purpose stands for; {@code reuse} lets a ticket used before
     * through (a stream's reconnect), otherwise a ticket opens one request.
     *
     * @throws ApiException UNAUTHORIZED if forged, expired, of another purpose or already used;
     *                      FORBIDDEN if it names another batch
     */
    Caller redeem(String ticket, UUID batchId, Purpose purpose, boolean reuse) {
        Jwt jwt;
        try {
            jwt = decoder.decode(ticket);
        } catch (JwtException e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The stream ticket is not valid or has expired");
        }
        if (jwt.getAudience() == null || !jwt.getAudience().contains(purpose.audience)) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The ticket is not valid for this request");
        }
        if (!batchId.toString().equals(jwt.getClaimAsString("bid"))) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The stream ticket is for another batch");
        }
        if (!used.firstUse(jwt.getId(), jwt.getExpiresAt()) && !reuse) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The stream ticket was used already; ask for a new one");
        }
        return new Caller(jwt.getSubject(), Boolean.TRUE.equals(jwt.getClaimAsBoolean("adm")));
    }

    /** Derived from the API's HMAC secret unless set; never equal to it, so a ticket is no API token. */
    private static SecretKey key(GatewayProperties properties) {
        String configured = properties.stream().ticketSecret();
        byte[] material;
        if (!configured.isBlank()) {
            material = configured.getBytes(StandardCharsets.UTF_8);
        } else if (!properties.auth().usesJwkSet()) {
            material = hmac(properties.auth().secretBytes(), AUDIENCE);
        } else {
            log.warn("No gateway.stream.ticket-secret: stream tickets only work on the instance that issued them");
            material = new byte[32];
            new SecureRandom().nextBytes(material);
        }
        return new SecretKeySpec(material.length >= 32 ? material : hmac(material, AUDIENCE), "HmacSHA256");
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
