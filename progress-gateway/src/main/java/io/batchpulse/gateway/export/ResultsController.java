package io.batchpulse.gateway.export;

import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.auth.CallerArgumentResolver;
import io.batchpulse.gateway.batch.BatchQueries;
import io.batchpulse.gateway.orchestrator.OrchestratorClient;
import io.batchpulse.gateway.stream.ticket.StreamTickets;
import io.batchpulse.gateway.stream.ticket.StreamTickets.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /api/v1/batches/{id}/results}: the batch's items as a JSONL or CSV download. The
 * orchestrator formats the file next to the data; this only checks who asks and what, then relays
 * the orchestrator's bytes as they arrive (see {@link ResultsRelay}), so a million-item export
 * costs the gateway a copy buffer. Every refusal (401, 400, 403, 404, 503) comes before the first
 * byte, as the usual JSON envelope.
 *
 * <p>Like the progress stream, the download takes a bearer token or a short-lived single-use
 * {@code ?ticket=}, because a browser saving a file to disk follows a plain link, which cannot
 * carry an Authorization header.
 */
@RestController
@RequestMapping("/api/v1/batches/{id}")
class ResultsController {

    private final CallerArgumentResolver callers;
    private final StreamTickets tickets;
    private final BatchQueries batches;
    private final OrchestratorClient orchestrator;

    ResultsController(CallerArgumentResolver callers, StreamTickets tickets, BatchQueries batches,
            OrchestratorClient orchestrator) {
        this.callers = callers;
        this.tickets = tickets;
        this.batches = batches;
        this.orchestrator = orchestrator;
    }

    @GetMapping("/results")
    void results(@PathVariable UUID id, @RequestParam(required = false) String format,
            @RequestParam(required = false) String status, @RequestParam(required = false) String ticket,
            HttpServletResponse response) throws IOException {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            Caller caller = tickets.callerOf(callers.current(), ticket, id, Purpose.DOWNLOAD, false);
            ResultsQuery query = ResultsQuery.of(format, status);
            BatchView batch = batches.visibleBatch(caller, id);
            try (InputStream results = orchestrator.openResults(id, query.format().wire(), query.status())
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No batch " + id))) {
                response.setContentType(query.format().mediaType);
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                        DownloadName.contentDisposition(batch.name(), id, query.format().extension));
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                ResultsRelay.copy(results, response.getOutputStream());
            } catch (UncheckedIOException e) {
                if (response.isCommitted()) {
                    throw e;
                }
                // nothing has left the buffer: drop it and the file's headers, and answer properly
                response.reset();
                throw new ApiException(ErrorCode.UNAVAILABLE, "The export broke off; try again shortly");
            }
        }
    }

    /** A single-use download link for the browser, valid for {@code gateway.stream.ticket-ttl}. */
    @PostMapping("/results-ticket")
    ApiResponse<DownloadAnswer> ticket(Caller caller, @PathVariable UUID id,
            @RequestParam(required = false) String format, @RequestParam(required = false) String status) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            ResultsQuery query = ResultsQuery.of(format, status);
            batches.visibleBatch(caller, id);
            StreamTickets.Ticket ticket = tickets.issue(caller, id, Purpose.DOWNLOAD);
            String url = UriComponentsBuilder.fromPath("/api/v1/batches/{id}/results")
                    .queryParam("format", query.format().wire())
                    .queryParamIfPresent("status", Optional.ofNullable(query.status()))
                    .queryParam("ticket", ticket.ticket())
                    .buildAndExpand(id).encode().toUriString();
            return ApiResponse.of(new DownloadAnswer(ticket.ticket(), ticket.expiresAt().toString(), url));
        }
    }

    record DownloadAnswer(String ticket, String expiresAt, String url) {
    }

}
