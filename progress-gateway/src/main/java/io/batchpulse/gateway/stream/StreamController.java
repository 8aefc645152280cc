package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.stream.ticket.StreamTickets;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live progress stream, its polling fallback, and stream tickets. */
@RestController
@RequestMapping("/api/v1/batches/{id}")
class StreamController {

    private final StreamAccess access;
    private final StreamTickets tickets;
    private final OpenStreams streams;
    private final FeedHub feed;

    StreamController(StreamAccess access, StreamTickets tickets, OpenStreams streams, FeedHub feed) {
        this.access = access;
        this.tickets = tickets;
        this.streams = streams;
        this.feed = feed;
    }

    /**
     * Every refusal (401, 403, 404, 429, 503) is thrown before the emitter exists, so it is a
     * plain JSON answer and no event has been written.
     */
    @GetMapping("/progress")
    ResponseEntity<SseEmitter> progress(@PathVariable UUID id, @RequestParam(required = false) String ticket,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            // A browser sends the header on its own reconnects; a page that opens a new EventSource
            // after the old one gave up (a proxy's 502) can only pass the position in the URL.
            Long resumeAfter = parseId(lastEventId != null ? lastEventId : lastEventIdParam);
            Caller caller = access.caller(id, ticket, resumeAfter != null);
            ProgressSnapshot first = access.visibleSnapshot(caller, id);
            SseConnection connection = streams.open(caller.subject(), id);
            long cursor = resumeAfter != null ? resumeAfter
                    : first.sourceOffset() >= 0 ? first.sourceOffset() : FeedHub.LIVE;
            feed.open(connection, first, cursor);
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .cacheControl(CacheControl.noCache())
                    // nginx and similar proxies would otherwise buffer the stream
                    .header("X-Accel-Buffering", "no")
                    .body(connection.emitter());
        }
    }

    @GetMapping("/snapshot")
    ApiResponse<ProgressSnapshot> snapshot(Caller caller, @PathVariable UUID id) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            return ApiResponse.of(access.visibleSnapshot(caller, id));
        }
    }

    @PostMapping("/stream-ticket")
    ApiResponse<TicketAnswer> ticket(Caller caller, @PathVariable UUID id) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            access.visibleSnapshot(caller, id);
            StreamTickets.Ticket ticket = tickets.issue(caller, id);
            return ApiResponse.of(new TicketAnswer(ticket.ticket(), ticket.expiresAt().toString(),
                    "/api/v1/batches/" + id + "/progress?ticket=" + ticket.ticket()));
        }
    }

    record TicketAnswer(String ticket, String expiresAt, String url) {
    }

    /** An id this gateway wrote (a batch-events offset); anything else starts a fresh stream. */
    private static Long parseId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(lastEventId.trim());
            return id >= -1 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
