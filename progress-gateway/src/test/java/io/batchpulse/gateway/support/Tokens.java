package io.batchpulse.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs test JWTs the way an identity provider sharing the gateway's HS256 secret would. */
public final class Tokens {

    public static final String SECRET = "integration-test-secret-of-more-than-32-bytes";
    public static final String ISSUER = "batchpulse";
    /** The shared context checks {@code aud} (gateway.auth.audiences), as production should. */
    public static final String AUDIENCE = "batchpulse-api";

    private Tokens() {
    }

    public static String user(String subject) {
        return sign(SECRET, subject, null, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String admin(String subject) {
        return sign(SECRET, subject, "batchpulse:admin", Instant.now().plus(Duration.ofHours(1)));
    }

    public static String expired(String subject) {
        return sign(SECRET, subject, null, Instant.now().minus(Duration.ofMinutes(10)));
    }

    public static String forged(String subject) {
        return sign("another-secret-that-is-also-long-enough-32b", subject, "batchpulse:admin",
                Instant.now().plus(Duration.ofHours(1)));
    }

    /** Signed with the right secret, valid in every other way, but usable only an hour from now. */
    public static String notYetValid(String subject) {
        return sign(valid(subject).notBefore(Instant.now().plus(Duration.ofHours(1))));
    }

    public static String issuedBy(String issuer, String subject) {
        return sign(valid(subject).issuer(issuer));
    }

    /** Signed with the right secret, valid in every other way, for another service (or none: {@code null}). */
    public static String forAudience(String audience, String subject) {
        JwtClaimsSet.Builder claims = valid(subject);
        if (audience == null) {
            claims.claims(all -> all.remove(JwtClaimNames.AUD));
        } else {
            claims.audience(List.of(audience));
        }
        return sign(claims);
    }

    /** Signed with the right secret, with no {@code sub}: no one to act for. */
    public static String withoutSubject() {
        return sign(JwtClaimsSet.builder().issuer(ISSUER).audience(List.of(AUDIENCE)).issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofHours(1))));
    }

    /** The {@code alg: none} attack: the claims of a valid admin token with no signature at all. */
    public static String unsigned(String subject) {
        String[] parts = admin(subject).split("\\.");
        return base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    }

    /** A user's valid token with its claims replaced by an admin's, keeping the user's signature. */
    public static String withChangedPayload(String subject) {
        String[] parts = user(subject).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String elevated = claims.replace("\"sub\":\"" + subject + "\"",
                "\"sub\":\"root\",\"scope\":\"batchpulse:admin\"");
        if (elevated.equals(claims)) {
            throw new IllegalStateException("no sub claim to change in " + claims);
        }
        return parts[0] + "." + base64Url(elevated) + "." + parts[2];
    }

    private static JwtClaimsSet.Builder valid(String subject) {
        return JwtClaimsSet.builder().subject(subject).issuer(ISSUER).audience(List.of(AUDIENCE)).issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofHours(2)));
    }

    private static String sign(String secret, String subject, String scope, Instant expiresAt) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .issuedAt(expiresAt.minus(Duration.ofHours(2)))
                .expiresAt(expiresAt);
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return sign(secret, claims);
    }

    private static String sign(JwtClaimsSet.Builder claims) {
        return sign(SECRET, claims);
    }

    private static String sign(String secret, JwtClaimsSet.Builder claims) {
        var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        var encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
