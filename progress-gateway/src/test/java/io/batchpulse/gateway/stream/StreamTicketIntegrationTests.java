package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** Stream tickets for the browser's EventSource, CORS, and a real SSE client library reading the stream. */
class StreamTicketIntegrationTests extends GatewayIntegrationTest {

    @Test
    void aTicketOpensOneStreamOfItsBatchAndMayOnlyBeReusedToResume() {
        TestEvents batch = ProgressStreamIntegrationTests.running(2);
        TestEvents other = ProgressStreamIntegrationTests.running(2);
        awaitSnapshot(batch);

        Api.Response issued = api.post("/api/v1/batches/" + batch.key() + "/stream-ticket", Tokens.user("amara"), "");
        assertThat(issued.status()).isEqualTo(200);
        JsonNode data = issued.json().path("data");
        String ticket = data.path("ticket").asString();
        assertThat(data.path("url").asString()).isEqualTo(
                "/api/v1/batches/" + batch.key() + "/progress?ticket=" + ticket);
        assertThat(data.path("expiresAt").asString()).isNotBlank();

        try (SseClient first = SseClient.open(port, data.path("url").asString(), null)) {
            assertThat(first.status()).isEqualTo(200);
            String lastId = first.awaitEvent("batch.progress").id();

            try (SseClient reused = SseClient.connect(port, data.path("url").asString(), null)) {
                assertThat(reused.status()).isEqualTo(401);
            }
            try (SseClient resumed = SseClient.open(port, data.path("url").asString(), null, "Last-Event-ID", lastId)) {
                assertThat(resumed.status()).isEqualTo(200);
                assertThat(resumed.awaitEvent("batch.progress").json().path("total").asLong()).isEqualTo(2);
            }
            // a page opening a new EventSource passes its position in the URL instead of the header
            try (SseClient resumed = SseClient.open(port, data.path("url").asString() + "&lastEventId=" + lastId,
                    null)) {
                assertThat(resumed.status()).isEqualTo(200);
                assertThat(resumed.awaitEvent("batch.progress").json().path("total").asLong()).isEqualTo(2);
            }
        }
        try (SseClient wrongBatch = SseClient.connect(port,
                "/api/v1/batches/" + other.key() + "/progress?ticket=" + ticket, null)) {
            assertThat(wrongBatch.status()).as("a ticket of another batch").isEqualTo(403);
        }
        try (SseClient forged = SseClient.connect(port, "/api/v1/batches/" + batch.key() + "/progress?ticket="
                + Tokens.user("amara"), null)) {
            assertThat(forged.status()).isEqualTo(401);
        }
        // a ticket is no API token
        assertThat(api.get("/api/v1/batches/" + batch.key() + "/snapshot", ticket).status()).isEqualTo(401);
        // only the owner (or an admin) gets a ticket
        assertThat(api.post("/api/v1/batches/" + batch.key() + "/stream-ticket", Tokens.user("mallory"), "").status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/batches/" + batch.key() + "/stream-ticket", null, "").status()).isEqualTo(401);
    }

    @Test
    void corsAllowsTheConfiguredOriginWithCredentialsAndNoOther() {
        Api.Response allowed = api.options("/api/v1/batches/x/progress", "Origin", ALLOWED_ORIGIN,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "last-event-id");
        Api.Response other = api.options("/api/v1/batches/x/progress", "Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "GET");

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void springWebClientReadsTheStreamToTheEnd() {
        TestEvents batch = ProgressStreamIntegrationTests.running(2);
        awaitSnapshot(batch);
        publish(batch.itemStarted(0, 1, 10), batch.completed(0, 1, 500), batch.itemStarted(1, 1, 510),
                batch.completed(1, 1, 1_005), batch.finished(BatchStatus.COMPLETED, null, 2, 2, 0, 1_005));

        List<ServerSentEvent<String>> events = WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/api/v1/batches/{id}/progress", batch.key())
                .header("Authorization", "Bearer " + Tokens.user("amara"))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(events).isNotEmpty();
        assertThat(events.get(0).event()).isEqualTo("batch.progress");
        assertThat(events.get(0).retry()).isEqualTo(Duration.ofSeconds(3));
        ServerSentEvent<String> last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("batch.complete");
        assertThat(last.data()).contains("\"totalCompleted\":2");
    }

    private void awaitSnapshot(TestEvents batch) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response answer = api.get("/api/v1/batches/" + batch.key() + "/snapshot", Tokens.admin("root"));
            // batch.started folded too: created alone makes a snapshot of total 0 (seen on a loaded machine)
            return answer.status() == 200 && answer.json().path("data").path("version").asLong() > 0
                    && answer.json().path("data").path("total").asLong() == 2;
        });
    }
}
