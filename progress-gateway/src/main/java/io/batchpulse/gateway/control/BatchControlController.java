package io.batchpulse.gateway.control;

import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import java.util.List;
import java.util.UUID;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/batches/{id}/pause|resume|cancel|retry-failed}, retry-failed optionally of one failure group. */
@RestController
@RequestMapping("/api/v1/batches/{id}")
class BatchControlController {

    /** The wire names of {@link ControlAction}: only these paths are mapped, any other stays unknown (404). */
    static final String ACTIONS = "pause|resume|cancel|retry-failed";

    private final BatchControl control;

    BatchControlController(BatchControl control) {
        this.control = control;
    }

    /** Only retry-failed reads a body: {@code {"group": "<key>"}} retries one failure group. */
    @PostMapping("/{action:" + ACTIONS + "}")
    ApiResponse<BatchControl.Transition> apply(Caller caller, @PathVariable UUID id, @PathVariable String action,
            @RequestBody(required = false) JsonNode body) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            ControlAction controlAction = ControlAction.fromWire(action);
            String group = controlAction == ControlAction.RETRY_FAILED ? RetryGroup.of(body) : null;
            return ApiResponse.of(group == null ? control.apply(caller, id, controlAction)
                    : control.retryGroup(caller, id, group));
        }
    }

    /** Retry of one failed item from its row: 409 INVALID_TRANSITION for an item that is not failed. */
    @PostMapping("/items/{index}/retry")
    ApiResponse<BatchControl.Transition> retryItem(Caller caller, @PathVariable UUID id, @PathVariable long index) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            if (index < 0) {
                throw ApiException.validation(List.of("index: must be 0 or more"));
            }
            return ApiResponse.of(control.retryItem(caller, id, index));
        }
    }
}
