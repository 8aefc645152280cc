package io.batchpulse.gateway.batch;

import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.FailuresView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import java.net.URI;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Create (or run again), list and read batches, their items and their failures by group. */
@RestController
@RequestMapping("/api/v1/batches")
class BatchController {

    private final BatchCreation creation;
    private final BatchQueries queries;

    BatchController(BatchCreation creation, BatchQueries queries) {
        this.creation = creation;
        this.queries = queries;
    }

    @PostMapping
    ResponseEntity<ApiResponse<BatchDetails>> create(Caller caller, @RequestBody CreateBatchRequest request) {
        BatchDetails batch = creation.create(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/batches/" + batch.id())).body(ApiResponse.of(batch));
    }

    /** Run again: 201 with the new batch, which starts once the orchestrator has copied the items. */
    @PostMapping("/{id}/rerun")
    ResponseEntity<ApiResponse<BatchDetails>> rerun(Caller caller, @PathVariable UUID id) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            BatchDetails batch = creation.rerun(caller, id);
            return ResponseEntity.created(URI.create("/api/v1/batches/" + batch.id())).body(ApiResponse.of(batch));
        }
    }

    @GetMapping
    ApiResponse<PageView<BatchView>> list(Caller caller, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return ApiResponse.of(queries.list(caller, status, page, size));
    }

    @GetMapping("/{id}")
    ApiResponse<BatchDetails> get(Caller caller, @PathVariable UUID id) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            return ApiResponse.of(queries.details(caller, id));
        }
    }

    @GetMapping("/{id}/items")
    ApiResponse<PageView<ItemView>> items(Caller caller, @PathVariable UUID id,
            @RequestParam(required = false) String status, @RequestParam(required = false) String label,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            return ApiResponse.of(queries.items(caller, id, status, label, page, size));
        }
    }

    @GetMapping("/{id}/failures")
    ApiResponse<FailuresView> failures(Caller caller, @PathVariable UUID id) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            return ApiResponse.of(queries.failures(caller, id));
        }
    }
}
