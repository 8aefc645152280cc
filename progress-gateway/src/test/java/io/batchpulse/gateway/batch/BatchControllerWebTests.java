package io.batchpulse.gateway.batch;

import static io.batchpulse.gateway.auth.SliceTokens.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.ApiSliceTest;
import io.batchpulse.gateway.auth.Caller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSliceTest(BatchController.class)
@TestPropertySource(properties = "gateway.limits.max-request-body=2KB")
class BatchControllerWebTests {

    private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final String BODY = "{\"name\":\"n\",\"processor\":\"simulated\",\"items\":[{\"label\":\"a\"}]}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    BatchCreation creation;

    @MockitoBean
    BatchQueries queries;

    @Test
    void aConfirmedCreateAnswers201WithTheBatchAndItsLocation() throws Exception {
        given(creation.create(eq(new Caller("alice", false)), any())).willReturn(details(BATCH));

        mvc.perform(as("alice", post("/api/v1/batches")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/batches/" + BATCH))
                .andExpect(jsonPath("$.error").isEmpty())
                .andExpect(jsonPath("$.data.id").value(BATCH.toString()))
                .andExpect(jsonPath("$.data.status").value("running"))
                .andExpect(jsonPath("$.data.owner").value("alice"))
                .andExpect(jsonPath("$.data.stage").value("queued"))
                .andExpect(jsonPath("$.data.batch").doesNotExist())
                .andExpect(jsonPath("$.data.totalItems").value(3))
                .andExpect(jsonPath("$.data.items.content").isArray())
                .andExpect(jsonPath("$.data.createdAt").value("2026-01-01T00:00:00Z"));
    }

    @Test
    void aBodyThatIsNotJsonIs400WithoutCallingTheService() throws Exception {
        mvc.perform(as("alice", post("/api/v1/batches")).contentType(MediaType.APPLICATION_JSON).content("{\"items\": ["))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"));
        verifyNoInteractions(creation);
    }

    @Test
    void anInvalidRequestIs400WithItsDetails() throws Exception {
        given(creation.create(any(), any())).willThrow(ApiException.validation(List.of("items: must not be empty")));

        mvc.perform(as("alice", post("/api/v1/batches")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.error.message").value("The request is not valid"))
                .andExpect(jsonPath("$.error.details[0]").value("items: must not be empty"));
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String large = "{\"processor\":\"simulated\",\"items\":[{\"label\":\"" + "x".repeat(3_000) + "\"}]}";

        mvc.perform(as("alice", post("/api/v1/batches")).contentType(MediaType.APPLICATION_JSON).content(large))
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.error.code").value("PAYLOAD_TOO_LARGE"));
        verifyNoInteractions(creation);
    }

    @Test
    void withoutATokenNothingIsCreated() throws Exception {
        mvc.perform(post("/api/v1/batches").contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        verifyNoInteractions(creation);
    }

    @Test
    void aRefusedCreateIsTheRefusalsCode() throws Exception {
        given(creation.create(any(), any())).willThrow(new ApiException(ErrorCode.INVALID_TRANSITION,
                "The batch exists already", List.of("currentStatus: running")));

        mvc.perform(as("alice", post("/api/v1/batches")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error.code").value("INVALID_TRANSITION"))
                .andExpect(jsonPath("$.error.details[0]").value("currentStatus: running"));
    }

    @Test
    void anUnconfirmedCreateIs503NamingTheBatch() throws Exception {
        given(creation.create(any(), any())).willThrow(new ApiException(ErrorCode.UNAVAILABLE,
                "The batch was submitted but not confirmed in time; look it up later", List.of("batchId: " + BATCH)));

        mvc.perform(as("alice", post("/api/v1/batches")).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error.code").value("UNAVAILABLE"))
                .andExpect(jsonPath("$.error.details[0]").value("batchId: " + BATCH));
    }

    @Test
    void readingABatchAnswers200AndAnUnknownOne404() throws Exception {
        given(queries.details(any(), eq(BATCH))).willReturn(details(BATCH));
        UUID unknown = UUID.randomUUID();
        given(queries.details(any(), eq(unknown))).willThrow(new ApiException(ErrorCode.NOT_FOUND, "No batch " + unknown));

        mvc.perform(as("alice", get("/api/v1/batches/{id}", BATCH)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.id").value(BATCH.toString()));
        mvc.perform(as("alice", get("/api/v1/batches/{id}", unknown)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.error.message").value("No batch " + unknown));
    }

    @Test
    void listingPassesThePagingOnAndAMistypedPageIs400() throws Exception {
        given(queries.list(any(), eq("running"), eq(2), eq(5)))
                .willReturn(new PageView<>(List.of(view(BATCH)), 2, 5, 11, 3));

        mvc.perform(as("alice", get("/api/v1/batches?status=running&page=2&size=5")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.content[0].id").value(BATCH.toString()));
        mvc.perform(as("alice", get("/api/v1/batches?page=two")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.error.details[0]").value("page: must be a valid Integer"));
    }

    private static BatchDetails details(UUID id) {
        return BatchDetails.of(view(id), new PageView<ItemView>(List.of(), 0, 20, 0, 0), null);
    }

    private static BatchView view(UUID id) {
        return new BatchView(id, "n", "alice", BatchStatus.RUNNING, null, "simulated",
                EventJson.mapper().createObjectNode(), BatchOptions.defaults(), 3, 3, 0, 0, 0, 0,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), null, "queued", null);
    }
}
