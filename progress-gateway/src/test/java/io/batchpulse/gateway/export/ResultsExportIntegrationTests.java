package io.batchpulse.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The results download through the gateway's security chain, relayed from a stand-in orchestrator. */
class ResultsExportIntegrationTests extends GatewayIntegrationTest {

    private static final String LINES = "{\"index\":0,\"label\":\"a\"}\n{\"index\":1,\"label\":\"b\"}\n";

    @Test
    void theOwnerDownloadsJsonlWithItsHeaders() {
        UUID id = batch("alice", "Sweep NVDA/TSLA");

        Api.Response answer = api.get(results(id, ""), Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo(LINES);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(answer.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"Sweep NVDA_TSLA-results.jsonl\"");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(orchestrator.resultQueries()).contains("format=jsonl");
    }

    @Test
    void csvWithAStatusFilterIsAskedForAsSuchAndNamedInUtf8() {
        UUID id = batch("alice", "Grüße 2026");

        Api.Response answer = api.get(results(id, "?format=csv&status=failed,%20completed"), Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/csv;charset=utf-8");
        assertThat(answer.headers().firstValue("Content-Disposition")).hasValue("attachment; "
                + "filename=\"Gru_e 2026-results.csv\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%202026-results.csv");
        assertThat(orchestrator.resultQueries()).contains("format=csv&status=failed,completed");
    }

    @Test
    void withoutATokenItIs401AndSomeoneElsesBatch404ButAnAdminMayDownload() {
        UUID id = batch("alice", "mine");

        Api.Response anonymous = api.get(results(id, ""), null);
        Api.Response forged = api.get(results(id, "?ticket=not-a-ticket"), null);
        Api.Response mallory = api.get(results(id, ""), Tokens.user("mallory"));
        Api.Response unknown = api.get(results(UUID.randomUUID(), ""), Tokens.user("alice"));
        Api.Response admin = api.get(results(id, ""), Tokens.admin("root"));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(forged.status()).isEqualTo(401);
        // the same answer as every other batch route gives for someone else's batch
        assertThat(mallory.status()).isEqualTo(404);
        assertThat(mallory.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(mallory.text()).doesNotContain("index");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.text()).isEqualTo(LINES);
    }

    @Test
    void aBadFormatOrStatusIs400BeforeTheOrchestratorIsAsked() {
        UUID id = batch("alice", "checked");

        Api.Response format = api.get(results(id, "?format=xlsx"), Tokens.user("alice"));
        Api.Response status = api.get(results(id, "?status=completed,done"), Tokens.user("alice"));
        Api.Response both = api.get(results(id, "?format=xml&status=,"), Tokens.user("alice"));

        assertThat(format.status()).isEqualTo(400);
        assertThat(format.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(format.json().path("error").path("details").get(0).asString())
                .isEqualTo("format: must be one of jsonl, csv");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().path("error").path("details").get(0).asString())
                .startsWith("status: must be a comma-separated list of pending");
        assertThat(both.json().path("error").path("details").size()).isEqualTo(2);
        assertThat(orchestrator.resultQueries()).noneMatch(query -> query.contains("xlsx") || query.contains("done"));
    }

    @Test
    void aDownloadTicketOpensOneDownloadOfItsBatchOnly() {
        UUID id = batch("alice", "ticketed");
        UUID other = batch("alice", "other");

        Api.Response issued = api.post("/api/v1/batches/" + id + "/results-ticket?format=csv&status=failed",
                Tokens.user("alice"), "");
        String url = issued.json().path("data").path("url").asString();
        String ticket = issued.json().path("data").path("ticket").asString();
        Api.Response first = api.get(url, null);
        Api.Response again = api.get(url, null);
        Api.Response otherBatch = api.get(results(other, "?ticket=" + ticket), null);
        String streamTicket = api.post("/api/v1/batches/" + id + "/stream-ticket", Tokens.user("alice"), "").json()
                .path("data").path("ticket").asString();
        Api.Response withStreamTicket = api.get(results(id, "?ticket=" + streamTicket), null);

        assertThat(issued.status()).isEqualTo(200);
        assertThat(url).startsWith("/api/v1/batches/" + id + "/results?format=csv&status=failed&ticket=");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).isEqualTo(LINES);
        assertThat(first.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"ticketed-results.csv\"");
        assertThat(again.status()).as("single use").isEqualTo(401);
        assertThat(otherBatch.status()).as("a ticket of another batch").isEqualTo(403);
        assertThat(withStreamTicket.status()).as("a stream ticket is no download ticket").isEqualTo(401);
        assertThat(api.post("/api/v1/batches/" + id + "/results-ticket", null, "").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/batches/" + id + "/results-ticket", Tokens.user("mallory"), "").status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/batches/" + id + "/results-ticket?format=pdf", Tokens.user("alice"), "")
                .status()).isEqualTo(400);
    }

    @Test
    void bytesArriveWhileTheExportRunsAndAClientLeavingStopsIt() throws Exception {
        UUID id = batch("alice", "endless");
        orchestrator.putEndlessResults(id);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + results(id, "")))
                .header("Authorization", "Bearer " + Tokens.user("alice")).GET().build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // the orchestrator never finishes, so these came through before the export ended
            assertThat(lines.readLine()).isEqualTo("{\"index\":0,\"label\":\"endless\"}");
            for (int i = 0; i < 1_000; i++) {
                lines.readLine();
            }
            assertThat(lines.readLine()).isEqualTo("{\"index\":1001,\"label\":\"endless\"}");
        }

        assertThat(response.statusCode()).isEqualTo(200);
        await().until(() -> orchestrator.abandonedResults().contains(id));
    }

    @Test
    void anExportThatBreaksOffMidWayIsABrokenDownloadNotAShortFile() throws Exception {
        UUID id = batch("alice", "crashing");
        // far more than the response buffer: the first bytes have reached the client when it breaks
        orchestrator.putBrokenResults(id, 20_000);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + results(id, "")))
                .header("Authorization", "Bearer " + Tokens.user("alice")).GET().build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    void anExportThatBreaksOffBeforeAnythingWasSentIs503WithoutTheFileHeaders() {
        UUID id = batch("alice", "crashing early");
        orchestrator.putBrokenResults(id, 3);

        Api.Response answer = api.get(results(id, ""), Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("UNAVAILABLE");
        assertThat(answer.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void anOrchestratorInTroubleIs503() {
        UUID id = batch("alice", "broken");
        orchestrator.breakBatch(id);

        Api.Response answer = api.get(results(id, "?format=csv"), Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("UNAVAILABLE");
    }

    private static UUID batch(String owner, String name) {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, owner, name);
        orchestrator.putResults(id, LINES);
        return id;
    }

    private static String results(UUID id, String query) {
        return "/api/v1/batches/" + id + "/results" + query;
    }
}
