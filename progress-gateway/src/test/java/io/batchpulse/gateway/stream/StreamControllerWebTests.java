package io.batchpulse.gateway.stream;

import static io.batchpulse.gateway.auth.SliceTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.auth.SliceTokens;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The stream's refusals and the snapshot and ticket answers, with the real access rules (bearer
 * token or stream ticket). Where the snapshots and batches come from, and the open connections,
 * are stand-ins; streaming itself is covered by the integration tests.
 */
class StreamControllerWebTests extends StreamSliceTest {

    static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

    @BeforeEach
    void aliceHasABatchWithoutSnapshotYet() {
        given(usedTickets.firstUse(any(), any())).willReturn(true);
        given(snapshots.find(BATCH)).willReturn(Optional.empty());
        given(batches.visibleBatch(any(), eq(BATCH))).willAnswer(call -> {
            Caller caller = call.getArgument(0);
            if (!caller.mayAccess("alice")) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No batch " + BATCH);
            }
            return view();
        });
    }

    @Test
    void theSnapshotAnswers200FromTheBatchWhileTheTopologyHasNone() throws Exception {
        mvc.perform(as("alice", get("/api/v1/batches/{id}/snapshot", BATCH)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.error").isEmpty())
                .andExpect(jsonPath("$.data.batchId").value(BATCH.toString()))
                .andExpect(jsonPath("$.data.version").value(0))
                .andExpect(jsonPath("$.data.total").value(10))
                .andExpect(jsonPath("$.data.percentage").value(40.0));
    }

    @Test
    void someoneElsesSnapshotAndAnUnknownBatchAreBoth404() throws Exception {
        UUID unknown = UUID.randomUUID();
        given(snapshots.find(unknown)).willReturn(Optional.empty());
        given(batches.visibleBatch(any(), eq(unknown))).willThrow(new ApiException(ErrorCode.NOT_FOUND, "No batch " + unknown));

        mvc.perform(as("bob", get("/api/v1/batches/{id}/snapshot", BATCH)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
        mvc.perform(as("alice", get("/api/v1/batches/{id}/snapshot", unknown)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
    }

    @Test
    void progressThatIsNotAvailableHereIs503() throws Exception {
        given(snapshots.find(BATCH)).willThrow(new ApiException(ErrorCode.UNAVAILABLE,
                "Progress is not available on this instance right now"));

        mvc.perform(as("alice", get("/api/v1/batches/{id}/snapshot", BATCH)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error.code").value("UNAVAILABLE"));
    }

    @Test
    void aTicketNamesTheStreamUrlAndOpensItWithoutAToken() throws Exception {
        String answer = mvc.perform(as("alice", post("/api/v1/batches/{id}/stream-ticket", BATCH)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.ticket").isNotEmpty())
                .andReturn().getResponse().getContentAsString();
        String ticket = EventJson.mapper().readTree(answer).path("data").path("ticket").asString();
        String url = EventJson.mapper().readTree(answer).path("data").path("url").asString();
        assertThat(url)
                .isEqualTo("/api/v1/batches/" + BATCH + "/progress?ticket=" + ticket);
        given(streams.open("alice", BATCH, false)).willThrow(new ApiException(ErrorCode.TOO_MANY_STREAMS,
                "At most 20 open streams per user; close one first"));

        // the ticket stood for alice: her cap is what refuses this stream
        mvc.perform(get(url).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error.code").value("TOO_MANY_STREAMS"));
    }

    @Test
    void theFeedAStreamAsksForIsTheOneItsConnectionIsOpenedWith() throws Exception {
        // refused by the cap once opened: the test sees which feed the connection was asked for
        given(streams.open(eq("alice"), eq(BATCH), anyBoolean())).willThrow(new ApiException(ErrorCode.TOO_MANY_STREAMS,
                "At most 20 open streams per user; close one first"));

        mvc.perform(as("alice", get("/api/v1/batches/{id}/progress?feed=full", BATCH)).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests());
        verify(streams).open("alice", BATCH, true);
        mvc.perform(as("alice", get("/api/v1/batches/{id}/progress?feed=sampled", BATCH)).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests());
        mvc.perform(as("alice", get("/api/v1/batches/{id}/progress", BATCH)).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests());
        verify(streams, times(2)).open("alice", BATCH, false);
        mvc.perform(as("alice", get("/api/v1/batches/{id}/progress?feed=everything", BATCH))
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("VALIDATION_FAILED"));
        verify(streams, times(3)).open(any(), any(), anyBoolean());
    }

    @Test
    void aStreamWithoutTokenOrTicketOrWithAForgedTicketIs401InJson() throws Exception {
        mvc.perform(get("/api/v1/batches/{id}/progress", BATCH).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        mvc.perform(get("/api/v1/batches/{id}/progress?ticket={t}", BATCH, SliceTokens.user("alice"))
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.message").value("The stream ticket is not valid or has expired"));
        verify(streams, never()).open(any(), any(), anyBoolean());
    }

    @Test
    void withoutATokenThereIsNoSnapshotAndNoTicket() throws Exception {
        mvc.perform(get("/api/v1/batches/{id}/snapshot", BATCH))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
        mvc.perform(post("/api/v1/batches/{id}/stream-ticket", BATCH))
                .andExpect(status().isUnauthorized());
    }

    static BatchView view() {
        return new BatchView(BATCH, "n", "alice", BatchStatus.RUNNING, null, "simulated",
                EventJson.mapper().createObjectNode(), BatchOptions.defaults(), 10, 5, 1, 4, 0, 0,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), null, "processing", null);
    }
}
