package io.batchpulse.gateway.auth;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The production set-up: tokens checked against an identity provider's JWKS, here served over
 * real HTTP by the JDK's server from an RSA key pair made for the test. RELIABILITY.md, bad inputs
 * at the HTTP edge: a {@code kid} the set does not have, or the right {@code kid} on a signature
 * of another key, is 401 like any forged token.
 */
@ApiSliceTest(JwksAuthWebTests.Whoami.class)
@Import(JwksAuthWebTests.Whoami.class)
class JwksAuthWebTests {

    private static final String AUDIENCE = "batchpulse-api";
    private static final RSAKey SIGNING = rsaKey("signing-key-1");
    private static final RSAKey UNPUBLISHED = rsaKey("signing-key-2");
    private static final RSAKey IMPOSTOR = rsaKey(SIGNING.getKeyID());
    private static HttpServer identityProvider;

    @Autowired
    MockMvc mvc;

    /** Any authenticated route would do; this one says whom the token stood for. */
    @RestController
    static class Whoami {

        @GetMapping("/api/v1/whoami")
        String whoami(Caller caller) {
            return caller.subject();
        }
    }

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) throws IOException {
        identityProvider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] keys = new JWKSet(SIGNING.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        identityProvider.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        identityProvider.start();
        registry.add("gateway.auth.jwk-set-uri",
                () -> "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks.json");
        registry.add("gateway.auth.audiences", () -> AUDIENCE);
    }

    @AfterAll
    static void stopIdentityProvider() {
        identityProvider.stop(0);
    }

    @Test
    void aTokenSignedByAPublishedKeyIsAccepted() throws Exception {
        mvc.perform(get("/api/v1/whoami").header("Authorization", "Bearer " + sign(SIGNING, "alice")))
                .andExpect(status().isOk())
                .andExpect(content().string("alice"));
    }

    @Test
    void aTokenWithAKidTheSetDoesNotHaveOrSignedByAnotherKeyIs401() throws Exception {
        for (RSAKey key : List.of(UNPUBLISHED, IMPOSTOR)) {
            mvc.perform(get("/api/v1/whoami").header("Authorization", "Bearer " + sign(key, "mallory")))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                    .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        }
    }

    private static String sign(RSAKey key, String subject) {
        var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).issuer("batchpulse").audience(List.of(AUDIENCE))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plus(Duration.ofHours(1))).build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
