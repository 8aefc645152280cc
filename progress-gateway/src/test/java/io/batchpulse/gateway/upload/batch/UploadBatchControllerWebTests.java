package io.batchpulse.gateway.upload.batch;

import static io.batchpulse.gateway.auth.SliceTokens.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.ApiSliceTest;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.batch.BatchDetails;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@ApiSliceTest(UploadBatchController.class)
class UploadBatchControllerWebTests {

    private static final UUID UPLOAD = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final String BODY = "{\"name\":\"From a file\",\"processor\":\"simulated\",\"skipInvalid\":true}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    UploadBatches batches;

    @Test
    void aNewBatchAnswers201AndTheOneMadeBefore200() throws Exception {
        given(batches.create(eq(new Caller("alice", false)), eq(UPLOAD), any()))
                .willReturn(new UploadBatches.Outcome(batch(), true), new UploadBatches.Outcome(batch(), false));

        createAsAlice().andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/batches/" + BATCH))
                .andExpect(jsonPath("$.error").isEmpty())
                .andExpect(jsonPath("$.data.id").value(BATCH.toString()))
                .andExpect(jsonPath("$.data.status").value("created"))
                .andExpect(jsonPath("$.data.stage").value("parsing"));
        createAsAlice().andExpect(status().isOk())
                .andExpect(header().string("Location", "/api/v1/batches/" + BATCH))
                .andExpect(jsonPath("$.data.id").value(BATCH.toString()));
    }

    @Test
    void anIncompleteUploadIs409() throws Exception {
        given(batches.create(any(), eq(UPLOAD), any())).willThrow(new ApiException(ErrorCode.UPLOAD_INCOMPLETE,
                "The upload is not complete", List.of("offset: the server has 4 of 10 bytes")));

        createAsAlice().andExpect(status().isConflict())
                .andExpect(jsonPath("$.error.code").value("UPLOAD_INCOMPLETE"))
                .andExpect(jsonPath("$.error.details[0]").value("offset: the server has 4 of 10 bytes"));
    }

    @Test
    void aFileWithBadLinesIs400AndOneWithTooManyItems413() throws Exception {
        given(batches.create(any(), eq(UPLOAD), any()))
                .willThrow(new ApiException(ErrorCode.VALIDATION_FAILED,
                        "1 of 3 lines are not valid items; nothing was created", List.of("line 2: not JSON")))
                .willThrow(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file holds 11 items; at most 10 make a batch",
                        List.of("items: at most 10")));

        createAsAlice().andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.error.details[0]").value("line 2: not JSON"));
        createAsAlice().andExpect(status().is(413))
                .andExpect(jsonPath("$.error.code").value("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void anUnknownUploadIs404AndABusyOrUnconfirmedOne503() throws Exception {
        given(batches.create(any(), eq(UPLOAD), any()))
                .willThrow(new ApiException(ErrorCode.NOT_FOUND, "No upload " + UPLOAD))
                .willThrow(new ApiException(ErrorCode.UNAVAILABLE,
                        "The batch was submitted but not confirmed in time; look it up later",
                        List.of("batchId: " + BATCH)));

        createAsAlice().andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
        createAsAlice().andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error.code").value("UNAVAILABLE"))
                .andExpect(jsonPath("$.error.details[0]").value("batchId: " + BATCH));
    }

    @Test
    void withoutATokenNoBatchIsMade() throws Exception {
        mvc.perform(post("/api/v1/uploads/{id}/batch", UPLOAD).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        verifyNoInteractions(batches);
    }

    private ResultActions createAsAlice() throws Exception {
        return mvc.perform(as("alice", post("/api/v1/uploads/{id}/batch", UPLOAD))
                .contentType(MediaType.APPLICATION_JSON).content(BODY));
    }

    private static BatchDetails batch() {
        BatchView view = new BatchView(BATCH, "From a file", "alice", BatchStatus.CREATED, null, "simulated",
                EventJson.mapper().createObjectNode(), BatchOptions.defaults(), 3, 0, 0, 0, 0, 0,
                Instant.parse("2026-01-01T00:00:00Z"), null, null, "parsing", null);
        return BatchDetails.of(view, null, null);
    }
}
