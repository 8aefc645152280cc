package io.batchpulse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.gateway.GatewayApplication;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class AuthIntegrationTests extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void missingTokenIs401() {
        Api.Response answer = api.get("/api/v1/batches", null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(answer.json().get("data").isNull()).isTrue();
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void forgedTokenIs401() {
        Api.Response answer = api.get("/api/v1/batches", Tokens.forged("mallory"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void expiredTokenIs401() {
        Api.Response answer = api.get("/api/v1/batches", Tokens.expired("alice"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(answer.json().path("error").path("message").asString()).containsIgnoringCase("expired");
    }

    /**
     * RELIABILITY.md, bad inputs at the HTTP edge: a token that is unsigned, tampered with, not yet
     * valid, from another issuer, for another audience (the shared context sets
     * gateway.auth.audiences) or for no one is 401 UNAUTHORIZED, names the token as the problem,
     * and counts in http.server.requests under status 401; the same token for this audience is 200.
     */
    @Test
    void everyForgedOrUnusableTokenIs401AndCounted() {
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("alg none", Tokens.unsigned("alice"));
        attacks.put("changed payload, old signature", Tokens.withChangedPayload("alice"));
        attacks.put("signed with another key", Tokens.forged("alice"));
        attacks.put("future nbf", Tokens.notYetValid("alice"));
        attacks.put("wrong iss", Tokens.issuedBy("https://idp.evil.example.com", "alice"));
        attacks.put("another service's aud", Tokens.forAudience("billing-api", "alice"));
        attacks.put("no aud", Tokens.forAudience(null, "alice"));
        attacks.put("no sub", Tokens.withoutSubject());
        attacks.put("not a JWT", "not.a.jwt");
        double before = unauthorizedRequests();

        attacks.forEach((attack, token) -> {
            Api.Response answer = api.get("/api/v1/batches", token);
            assertThat(answer.status()).as(attack).isEqualTo(401);
            assertThat(answer.errorCode()).as(attack).isEqualTo("UNAUTHORIZED");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(attack)
                    .hasValue("Bearer error=\"invalid_token\"");
        });

        await().untilAsserted(() -> assertThat(unauthorizedRequests() - before).isGreaterThanOrEqualTo(attacks.size()));
        assertThat(api.get("/api/v1/batches", Tokens.forAudience(Tokens.AUDIENCE, "alice")).status()).isEqualTo(200);
    }

    /** A token far over any real one is refused by the server before it is parsed. */
    @Test
    void aHugeTokenIsRefusedBeforeItIsParsed() {
        Api.Response answer = api.get("/api/v1/batches", "e" + "A".repeat(64 * 1024) + ".e30.x");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(api.get("/api/v1/batches", Tokens.user("alice")).status()).isEqualTo(200);
    }

    private double unauthorizedRequests() {
        return meters.find("http.server.requests").tag("status", "401").timers().stream()
                .mapToDouble(timer -> timer.count()).sum();
    }

    /** RELIABILITY.md: one answer for "not yours" and "not there", so ids cannot be probed. */
    @Test
    void someoneElsesBatchIsAnsweredExactlyAsAnUnknownOneOnEveryRoute() {
        UUID bobs = UUID.randomUUID();
        orchestrator.put(bobs, "bob", 10);
        UUID unknown = UUID.randomUUID();
        List<String> gets = List.of("", "/items", "/failures", "/callbacks", "/snapshot", "/progress",
                "/results?format=jsonl");
        List<String> posts = List.of("/pause", "/resume", "/cancel", "/retry-failed", "/items/0/retry", "/rerun",
                "/stream-ticket", "/results-ticket", "/callbacks/" + UUID.randomUUID() + "/resend");

        for (String route : gets) {
            assertSameAnswer("GET " + route, api.get("/api/v1/batches/" + bobs + route, Tokens.user("alice")), bobs,
                    api.get("/api/v1/batches/" + unknown + route, Tokens.user("alice")), unknown);
        }
        for (String route : posts) {
            assertSameAnswer("POST " + route, api.post("/api/v1/batches/" + bobs + route, Tokens.user("alice"), "{}"),
                    bobs, api.post("/api/v1/batches/" + unknown + route, Tokens.user("alice"), "{}"), unknown);
        }
        Api.Response asAdmin = api.get("/api/v1/batches/" + bobs, Tokens.admin("root"));
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.json().path("data").path("owner").asString()).isEqualTo("bob");
    }

    private static void assertSameAnswer(String route, Api.Response foreign, UUID foreignId, Api.Response missing,
            UUID missingId) {
        assertThat(foreign.status()).as(route + " for someone else's batch").isEqualTo(404);
        assertThat(missing.status()).as(route + " for an unknown batch").isEqualTo(404);
        assertThat(foreign.errorCode()).as(route).isEqualTo("NOT_FOUND").isEqualTo(missing.errorCode());
        assertThat(foreign.json().path("error").path("message").asString().replace(foreignId.toString(), "ID"))
                .as(route).isEqualTo(missing.json().path("error").path("message").asString()
                        .replace(missingId.toString(), "ID"));
    }

    /** RELIABILITY.md, bad inputs: {@code Origin: null} (a sandboxed frame, a file: page) is a foreign origin. */
    @Test
    void anOriginOfNullIsRefusedLikeAForeignOne() {
        Api.Response preflight = api.options("/api/v1/batches", "Origin", "null", "Access-Control-Request-Method",
                "POST");
        Api.Response get = api.get("/api/v1/batches", Tokens.user("alice"), "Origin", "null");

        for (Api.Response answer : List.of(preflight, get)) {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        Api.Response allowed = api.options("/api/v1/batches", "Origin", ALLOWED_ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
        Api.Response foreign = api.options("/api/v1/batches", "Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "POST");
        Api.Response foreignGet = api.get("/api/v1/batches", Tokens.user("alice"), "Origin", "https://evil.example.com");

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(foreignGet.status()).isEqualTo(403);
        assertThat(foreignGet.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
