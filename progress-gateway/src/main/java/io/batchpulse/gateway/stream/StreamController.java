package io.batchpulse.gateway.stream;

import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.stream.ticket.StreamTickets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The live progress stream, its polling fallback, and stream tickets. */
@RestController
@RequestMapping("/api/v1/batches/{id}")
class StreamController {

    static final int STREAM_BUFFER_BYTES = 4096;
    /**
     * The kernel's send buffer of a stream's socket. Linux grows an unset one up to tcp_wmem's
     * maximum (4 MB): a client that stops reading then keeps its socket writable through megabytes
     * of events, each one a write task for the stream's writers, so a thousand such clients keep the
     * writers from the viewers who read. 64 KB still carries a busy stream (events are a few hundred
     * bytes), makes a stalled one non-writable within a few hundred events, and bounds the kernel
     * memory that tens of thousands of open streams can take.
     */
    static final int STREAM_SEND_BUFFER_BYTES = 64 * 1024;

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
     * Every refusal (401, 403, 404, 429, 503) is thrown before the response is started, so it is a
     * plain JSON answer and no event has been written. Then the response goes asynchronous and
     * non-blocking ({@link SseSocket}): Spring MVC sees a void handler that took the response and
     * leaves it alone, and this thread returns to the container at once.
     */
    @GetMapping("/progress")
    void progress(@PathVariable UUID id, @RequestParam(required = false) String ticket,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
            @RequestParam(name = "feed", required = false) String feedShape,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            // A browser sends the header on its own reconnects; a page that opens a new EventSource
            // after the old one gave up (a proxy's 502) can only pass the position in the URL.
            ResumeId resume = ResumeId.parse(lastEventId != null ? lastEventId : lastEventIdParam);
            Caller caller = access.caller(id, ticket, resume != null);
            boolean fullFeed = fullFeed(feedShape);
            ProgressSnapshot first = access.visibleSnapshot(caller, id);
            SseConnection connection = streams.open(caller.subject(), id, fullFeed);
            long cursor = resume != null ? resume.offset()
                    : first.sourceOffset() >= 0 ? first.sourceOffset() : FeedHub.LIVE;
            try {
                start(response);
                StreamSockets.limitSendBuffer(request, STREAM_SEND_BUFFER_BYTES);
                connection.attach(request.startAsync());
                feed.open(connection, first, cursor, resume == null ? 0 : resume.untold());
            } catch (IOException | RuntimeException e) {
                connection.end();
                throw e;
            }
        }
    }

    /**
     * The stream's headers, sent at once (a client learns the status before the first event). The
     * container holds a response's buffer for as long as the response is open, which for a stream
     * is the whole batch: a small one (instead of the server's 32 KB) still gathers a burst of
     * events into few writes, while a frame larger than it goes out directly.
     */
    private static void start(HttpServletResponse response) throws IOException {
        response.setBufferSize(STREAM_BUFFER_BYTES);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noCache().getHeaderValue());
        // nginx and similar proxies would otherwise buffer the stream
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
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

    /**
     * {@code feed=full}: every item event even when the batch is crowded (its viewers otherwise get
     * a sample); {@code feed=sampled} or none: the default.
     */
    private static boolean fullFeed(String shape) {
        if (shape == null || shape.isBlank() || "sampled".equals(shape)) {
            return false;
        }
        if ("full".equals(shape)) {
            return true;
        }
        throw ApiException.validation(List.of("feed must be full or sampled"));
    }
}
