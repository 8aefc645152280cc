package io.batchpulse.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs test JWTs the way an identity provider sharing the gateway's HS256 secret would. */
public final class Tokens {

    public static final String SECRET = "integration-test-secret-of-more-than-32-bytes";
    public static final String ISSUER = "batchpulse";

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

    private static String sign(String secret, String subject, String scope, Instant expiresAt) {
        var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        var encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuer(ISSUER)
                .issuedAt(expiresAt.minus(Duration.ofHours(2)))
                .expiresAt(expiresAt);
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }
}
