package io.batchpulse.orchestrator.export;

import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.orchestrator.api.BadRequestException;
import io.batchpulse.orchestrator.api.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/batches/{id}/results}: every item of a batch as JSONL or CSV, formatted
 * here, next to the data, so the gateway only relays bytes (one formatter, and neither service
 * holds more than a page).
 *
 * <p>The handler writes to the response on its request thread rather than through an async
 * {@code StreamingResponseBody}: an async request ends at the servlet container's async timeout
 * (30 s by default) however busy it is, which would cut a large export short, and the async
 * executor's few core threads would queue a ninth concurrent export behind the others.
 */
@RestController
class ResultExportController {

    private final ResultExport export;
    private final ResultPages pages;

    ResultExportController(ResultExport export, ResultPages pages) {
        this.export = export;
        this.pages = pages;
    }

    /** Every refusal (400, 404) is thrown before the first byte, so it is a plain JSON error. */
    @GetMapping("/internal/v1/batches/{id}/results")
    void results(@PathVariable UUID id, @RequestParam(defaultValue = "jsonl") String format,
            @RequestParam(required = false) String status, HttpServletResponse response) throws IOException {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            ResultFormat resultFormat = format(format);
            List<String> statuses = statuses(status);
            if (pages.batchName(id).isEmpty()) {
                throw new NotFoundException("batch " + id + " not found");
            }
            response.setContentType(resultFormat.mediaType());
            export.write(id, resultFormat, statuses, response.getOutputStream());
        }
    }

    private static ResultFormat format(String value) {
        try {
            return ResultFormat.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** {@code completed,failed} as wire values; blank means every status. */
    static List<String> statuses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(value.split(",")).map(String::trim).map(ItemStatus::fromWire).map(ItemStatus::wire)
                    .distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status: must be a comma-separated list of " + String.join(", ",
                    Arrays.stream(ItemStatus.values()).map(ItemStatus::wire).toList()));
        }
    }
}
