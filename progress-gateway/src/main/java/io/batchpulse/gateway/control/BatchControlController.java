package io.batchpulse.gateway.control;

import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/batches/{id}/pause|resume|cancel|retry-failed}. */
@RestController
@RequestMapping("/api/v1/batches/{id}")
class BatchControlController {

    private final BatchControl control;

    BatchControlController(BatchControl control) {
        this.control = control;
    }

    @PostMapping("/pause")
    ApiResponse<BatchControl.Transition> pause(Caller caller, @PathVariable UUID id) {
        return apply(caller, id, ControlAction.PAUSE);
    }

    @PostMapping("/resume")
    ApiResponse<BatchControl.Transition> resume(Caller caller, @PathVariable UUID id) {
        return apply(caller, id, ControlAction.RESUME);
    }

    @PostMapping("/cancel")
    ApiResponse<BatchControl.Transition> cancel(Caller caller, @PathVariable UUID id) {
        return apply(caller, id, ControlAction.CANCEL);
    }

    @PostMapping("/retry-failed")
    ApiResponse<BatchControl.Transition> retryFailed(Caller caller, @PathVariable UUID id) {
        return apply(caller, id, ControlAction.RETRY_FAILED);
    }

    private ApiResponse<BatchControl.Transition> apply(Caller caller, UUID id, ControlAction action) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            return ApiResponse.of(control.apply(caller, id, action));
        }
    }
}
