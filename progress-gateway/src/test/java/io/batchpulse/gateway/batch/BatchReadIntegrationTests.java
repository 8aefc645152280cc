package io.batchpulse.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchReadIntegrationTests extends GatewayIntegrationTest {

    @Test
    void listAsksForTheCallersBatchesOnlyUnlessAdmin() {
        Api.Response mine = api.get("/api/v1/batches?status=running&page=1&size=5", Tokens.user("erin"));
        Api.Response all = api.get("/api/v1/batches", Tokens.admin("root"));

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("data").path("content").isArray()).isTrue();
        assertThat(all.status()).isEqualTo(200);
        assertThat(orchestrator.listQueries()).contains("status=running&page=1&size=5&owner=erin", "page=0&size=20");
    }

    @Test
    void itemsAreFilteredByLabelTextAtTheOrchestrator() {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 10);

        Api.Response found = api.get("/api/v1/batches/" + id + "/items?label=%20NVDA%20b%25&status=failed",
                Tokens.user("alice"));
        Api.Response tooLong = api.get("/api/v1/batches/" + id + "/items?label=" + "x".repeat(501), Tokens.user("alice"));

        assertThat(found.status()).isEqualTo(200);
        assertThat(orchestrator.itemQueries()).contains("status=failed&page=0&size=20&label=NVDA b%");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("error").path("details").get(0).asString()).startsWith("label: at most 500");
    }

    @Test
    void badListParametersAreRejected() {
        Api.Response status = api.get("/api/v1/batches?status=sleeping", Tokens.user("alice"));
        Api.Response size = api.get("/api/v1/batches?size=1000&page=-1", Tokens.user("alice"));
        Api.Response page = api.get("/api/v1/batches?page=first", Tokens.user("alice"));
        Api.Response id = api.get("/api/v1/batches/not-a-uuid", Tokens.user("alice"));

        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().path("error").path("details").get(0).asString()).startsWith("status: must be one of created");
        assertThat(size.status()).isEqualTo(400);
        assertThat(size.json().path("error").path("details").size()).isEqualTo(2);
        assertThat(page.status()).isEqualTo(400);
        assertThat(id.status()).isEqualTo(400);
        assertThat(id.errorCode()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void getAnswersTheBatchWithItsFirstItems() {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 42);

        Api.Response answer = api.get("/api/v1/batches/" + id, Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(200);
        var data = answer.json().path("data");
        assertThat(data.path("id").asString()).isEqualTo(id.toString());
        assertThat(data.path("totalItems").asLong()).isEqualTo(42);
        assertThat(data.path("pendingItems").asLong()).isEqualTo(42);
        assertThat(data.path("options").path("itemTimeout").asString()).isEqualTo("PT5M");
        assertThat(data.path("createdAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(data.path("items").path("content").isArray()).isTrue();
        assertThat(data.get("snapshot").isNull()).isTrue();
    }

    @Test
    void orchestratorInTroubleIs503() {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 1);
        orchestrator.breakBatch(id);

        Api.Response answer = api.get("/api/v1/batches/" + id, Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void unknownApiPathIs404InTheEnvelope() {
        Api.Response answer = api.get("/api/v1/nothing-here", Tokens.user("alice"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
    }
}
