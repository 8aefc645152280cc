package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.SecondGateway;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The per-user stream cap and single-use tickets hold for the whole deployment: the shared test
 * instance (A) and a second one (B), two Spring contexts on one broker, learn of each other's
 * streams and tickets through the stream-counts and stream-tickets topics only.
 */
class LimitsAcrossInstancesIntegrationTests extends GatewayIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path stateDir;
    private static ConfigurableApplicationContext b;
    private static int portB;

    @BeforeAll
    static void startInstanceB() {
        b = SecondGateway.start(stateDir, "--gateway.stream.max-streams-per-user=" + MAX_STREAMS);
        portB = SecondGateway.port(b);
    }

    @AfterAll
    static void stopInstanceB() {
        b.close();
    }

    @Test
    void aUserAtTheCapOnOneInstanceIsRefusedOnTheOtherUntilAStreamCloses() {
        TestEvents batch = ProgressStreamIntegrationTests.running(1);
        String path = ProgressStreamIntegrationTests.progressPath(batch);
        String token = Tokens.admin("everywhere-" + UUID.randomUUID());
        awaitSnapshot(port, batch, token);
        awaitSnapshot(portB, batch, token);
        List<SseClient> onA = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                onA.add(SseClient.open(port, path, token));
                assertThat(onA.get(i).status()).isEqualTo(200);
            }
            // B hears of A's streams within tens of milliseconds; until then it may still admit one
            Awaitility.await().atMost(WAIT).until(() -> {
                try (SseClient attempt = SseClient.connect(portB, path, token)) {
                    if (attempt.status() == 200) {
                        return false;
                    }
                    assertThat(attempt.status()).isEqualTo(429);
                    assertThat(attempt.errorBody().path("error").path("code").asString()).isEqualTo("TOO_MANY_STREAMS");
                    return true;
                }
            });
            // someone else is not affected
            try (SseClient other = SseClient.connect(portB, path, Tokens.admin("other-" + UUID.randomUUID()))) {
                assertThat(other.status()).isEqualTo(200);
            }

            onA.remove(0).close();
            Awaitility.await().atMost(WAIT).until(() -> {
                SseClient again = SseClient.connect(portB, path, token);
                if (again.status() == 200) {
                    onA.add(again);
                    return true;
                }
                again.close();
                return false;
            });
        } finally {
            onA.forEach(SseClient::close);
        }
    }

    @Test
    void aTicketUsedOnOneInstanceIsRefusedOnTheOther() {
        TestEvents batch = ProgressStreamIntegrationTests.running(1);
        String token = Tokens.user("amara");
        awaitSnapshot(port, batch, token);
        awaitSnapshot(portB, batch, token);
        String url = api.post("/api/v1/batches/" + batch.key() + "/stream-ticket", token, "").json()
                .path("data").path("url").asString();

        try (SseClient onA = SseClient.open(port, url, null)) {
            assertThat(onA.status()).isEqualTo(200);
            String lastId = onA.awaitEvent("batch.progress").id();

            try (SseClient onB = SseClient.connect(portB, url, null)) {
                assertThat(onB.status()).isEqualTo(401);
                assertThat(onB.errorBody().path("error").path("message").asString()).contains("used already");
            }
            // resuming with it stays allowed on any instance, as on the one that first took it
            try (SseClient resumedOnB = SseClient.open(portB, url, null, "Last-Event-ID", lastId)) {
                assertThat(resumedOnB.status()).isEqualTo(200);
            }
        }

        // and the other way round, with a ticket issued by B
        String fromB = new Api(portB).post("/api/v1/batches/" + batch.key() + "/stream-ticket", token, "").json()
                .path("data").path("url").asString();
        try (SseClient onB = SseClient.open(portB, fromB, null)) {
            assertThat(onB.status()).isEqualTo(200);
            try (SseClient onA = SseClient.connect(port, fromB, null)) {
                assertThat(onA.status()).isEqualTo(401);
            }
        }
    }

    private static void awaitSnapshot(int instancePort, TestEvents batch, String token) {
        Api instance = new Api(instancePort);
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> instance.get(
                "/api/v1/batches/" + batch.key() + "/snapshot", token).status() == 200);
    }
}
