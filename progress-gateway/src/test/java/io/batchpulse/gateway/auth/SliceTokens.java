package io.batchpulse.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Signed JWTs for {@link ApiSliceTest} slices, as an identity provider sharing the HS256 secret would sign them. */
public final class SliceTokens {

    static final String SECRET = "web-slice-test-secret-of-more-than-32-bytes";

    private SliceTokens() {
    }

    public static String user(String subject) {
        return sign(SECRET, subject, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String expired(String subject) {
        return sign(SECRET, subject, Instant.now().minus(Duration.ofMinutes(10)));
    }

    public static String forged(String subject) {
        return sign("another-secret-that-is-also-long-enough-32b", subject, Instant.now().plus(Duration.ofHours(1)));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The request as the subject sends it: with a valid bearer token. */
    public static MockHttpServletRequestBuilder as(String subject, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", bearer(user(subject)));
    }

    private static String sign(String secret, String subject, Instant expiresAt) {
        var key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        var encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuer("batchpulse")
                .issuedAt(expiresAt.minus(Duration.ofHours(2)))
                .expiresAt(expiresAt)
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}
