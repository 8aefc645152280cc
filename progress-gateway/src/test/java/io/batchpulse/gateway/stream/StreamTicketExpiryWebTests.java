package io.batchpulse.gateway.stream;

import static io.batchpulse.gateway.auth.SliceTokens.as;
import static io.batchpulse.gateway.stream.StreamControllerWebTests.BATCH;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * RELIABILITY.md, bad inputs at the HTTP edge: a stream ticket that has outlived
 * {@code gateway.stream.ticket-ttl} opens nothing. A slice of its own for the short TTL, which
 * {@link StreamControllerWebTests}' tickets must not have.
 */
@TestPropertySource(properties = "gateway.stream.ticket-ttl=" + StreamTicketExpiryWebTests.TTL_SECONDS + "s")
class StreamTicketExpiryWebTests extends StreamSliceTest {

    static final int TTL_SECONDS = 4;

    @Test
    void aTicketThatHasExpiredIs401AndOpensNoStream() throws Exception {
        given(usedTickets.firstUse(any(), any())).willReturn(true);
        given(snapshots.find(BATCH)).willReturn(Optional.empty());
        given(batches.visibleBatch(any(), eq(BATCH))).willReturn(StreamControllerWebTests.view());
        // a stream the ticket does open is refused by alice's cap, after the ticket was accepted
        given(streams.open("alice", BATCH, false)).willThrow(new ApiException(ErrorCode.TOO_MANY_STREAMS, "cap"));
        JsonNode ticket = EventJson.mapper().readTree(mvc.perform(as("alice", post("/api/v1/batches/{id}/stream-ticket", BATCH)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).path("data");
        String url = ticket.path("url").asString();
        Instant expiresAt = Instant.parse(ticket.path("expiresAt").asString());
        mvc.perform(get(url).accept(MediaType.TEXT_EVENT_STREAM)).andExpect(status().isTooManyRequests());

        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(1)));

        mvc.perform(get(url).header("Last-Event-ID", "5").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"))
                .andExpect(jsonPath("$.error.message").value("The stream ticket is not valid or has expired"));
    }
}
