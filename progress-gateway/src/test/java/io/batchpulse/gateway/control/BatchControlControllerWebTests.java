package io.batchpulse.gateway.control;

import static io.batchpulse.gateway.auth.SliceTokens.as;
import static io.batchpulse.gateway.auth.SliceTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.ApiSliceTest;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.auth.SliceTokens;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSliceTest(BatchControlController.class)
class BatchControlControllerWebTests {

    private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000c1");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    BatchControl control;

    @Test
    void aConfirmedPauseAnswers200WithTheTransition() throws Exception {
        given(control.apply(new Caller("alice", false), BATCH, ControlAction.PAUSE)).willReturn(
                new BatchControl.Transition(BATCH, BatchStatus.RUNNING, BatchStatus.PAUSED, "pause",
                        Instant.parse("2026-01-01T00:00:00Z")));

        mvc.perform(as("alice", post("/api/v1/batches/{id}/pause", BATCH)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.error").isEmpty())
                .andExpect(jsonPath("$.data.batchId").value(BATCH.toString()))
                .andExpect(jsonPath("$.data.previousStatus").value("running"))
                .andExpect(jsonPath("$.data.newStatus").value("paused"))
                .andExpect(jsonPath("$.data.action").value("pause"))
                .andExpect(jsonPath("$.data.timestamp").value("2026-01-01T00:00:00Z"));
    }

    @Test
    void eachActionHasItsPath() throws Exception {
        for (ControlAction action : ControlAction.values()) {
            given(control.apply(any(), eq(BATCH), eq(action))).willReturn(new BatchControl.Transition(BATCH,
                    BatchStatus.RUNNING, action.newStatus(), action.wire(), Instant.now()));

            mvc.perform(as("alice", post("/api/v1/batches/{id}/" + action.wire(), BATCH)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.data.action").value(action.wire()));
        }
    }

    @Test
    void theMappedPathsAreExactlyTheActions() {
        assertThat(BatchControlController.ACTIONS.split("\\|"))
                .containsExactly(Arrays.stream(ControlAction.values()).map(ControlAction::wire).toArray(String[]::new));
    }

    @Test
    void anUnknownActionIs404AndAGetOfAnAction405() throws Exception {
        mvc.perform(as("alice", post("/api/v1/batches/{id}/archive", BATCH)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
        mvc.perform(as("alice", get("/api/v1/batches/{id}/pause", BATCH)))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.error.code").value("METHOD_NOT_ALLOWED"));
    }

    @Test
    void withoutATokenTheAnswerIs401InTheEnvelope() throws Exception {
        mvc.perform(post("/api/v1/batches/{id}/cancel", BATCH))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
    }

    @Test
    void aForgedOrExpiredTokenIs401() throws Exception {
        for (String token : List.of(SliceTokens.forged("alice"), SliceTokens.expired("alice"))) {
            mvc.perform(post("/api/v1/batches/{id}/cancel", BATCH).header("Authorization", bearer(token)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                    .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        }
    }

    @Test
    void aRefusedTransitionIs409WithTheCurrentStatus() throws Exception {
        given(control.apply(any(), eq(BATCH), eq(ControlAction.RESUME))).willThrow(new ApiException(
                ErrorCode.INVALID_TRANSITION, "Cannot resume a running batch", List.of("currentStatus: running")));

        mvc.perform(as("alice", post("/api/v1/batches/{id}/resume", BATCH)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.data").isEmpty())
                .andExpect(jsonPath("$.error.code").value("INVALID_TRANSITION"))
                .andExpect(jsonPath("$.error.message").value("Cannot resume a running batch"))
                .andExpect(jsonPath("$.error.details[0]").value("currentStatus: running"));
    }

    @Test
    void anUnknownOrSomeoneElsesBatchIs404() throws Exception {
        given(control.apply(any(), eq(BATCH), eq(ControlAction.PAUSE)))
                .willThrow(new ApiException(ErrorCode.NOT_FOUND, "No batch " + BATCH));

        mvc.perform(as("alice", post("/api/v1/batches/{id}/pause", BATCH)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
    }

    @Test
    void anUnconfirmedCommandIs503NamingWhatToLookUp() throws Exception {
        given(control.apply(any(), eq(BATCH), eq(ControlAction.CANCEL))).willThrow(new ApiException(
                ErrorCode.UNAVAILABLE, "The cancel command was sent but not confirmed in time; check the batch later",
                List.of("batchId: " + BATCH)));

        mvc.perform(as("alice", post("/api/v1/batches/{id}/cancel", BATCH)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error.code").value("UNAVAILABLE"))
                .andExpect(jsonPath("$.error.details[0]").value("batchId: " + BATCH));
    }

    @Test
    void aBatchIdThatIsNoUuidIs400() throws Exception {
        mvc.perform(as("alice", post("/api/v1/batches/not-a-uuid/pause")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.error.details[0]").value("id: must be a valid UUID"));
    }
}
