package io.batchpulse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.GatewayApplication;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class AuthIntegrationTests extends GatewayIntegrationTest {

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

    @Test
    void foreignBatchIs403() {
        UUID bobs = UUID.randomUUID();
        orchestrator.put(bobs, "bob", 10);

        Api.Response batch = api.get("/api/v1/batches/" + bobs, Tokens.user("alice"));
        Api.Response items = api.get("/api/v1/batches/" + bobs + "/items", Tokens.user("alice"));
        Api.Response asAdmin = api.get("/api/v1/batches/" + bobs, Tokens.admin("root"));

        assertThat(batch.status()).isEqualTo(403);
        assertThat(batch.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(items.status()).isEqualTo(403);
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.json().path("data").path("owner").asString()).isEqualTo("bob");
    }

    @Test
    void unknownBatchIs404() {
        Api.Response answer = api.get("/api/v1/batches/" + UUID.randomUUID(), Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void devTokenEndpointExistsOnlyInLocalProfile() {
        Api.Response here = api.get("/api/v1/dev/token?sub=alice&admin=true", null);
        assertThat(here.status()).isIn(401, 404);
        assertThat(here.text()).doesNotContain("token\"");

        try (ConfigurableApplicationContext local = new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local")
                .run("--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                        "--gateway.topics.prefix=" + PREFIX,
                        "--gateway.orchestrator.urls=" + orchestrator.url())) {
            Api localApi = new Api(((WebServerApplicationContext) local).getWebServer().getPort());
            Api.Response issued = localApi.get("/api/v1/dev/token?sub=carol&admin=true", null);
            assertThat(issued.status()).isEqualTo(200);
            String token = issued.json().path("data").path("token").asString();
            assertThat(issued.json().path("data").path("expiresAt").asString()).isNotBlank();

            UUID foreign = UUID.randomUUID();
            orchestrator.put(foreign, "dave", 1);
            assertThat(localApi.get("/api/v1/batches/" + foreign, token).status())
                    .as("the dev admin token is accepted and carries the admin scope").isEqualTo(200);
            assertThat(api.get("/api/v1/batches/" + foreign, token).status())
                    .as("a token signed with the well-known dev secret is worthless elsewhere").isEqualTo(401);
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
