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

    /** The wire names of {@link ControlAction}: only these paths are mapped, any other stays unknown (404). */
    static final String ACTIONS = "pause|resume|cancel|retry-failed";

    private final BatchControl control;

    BatchControlController(BatchControl control) {
        this.control = control;
    }

    @PostMapping("/{action:" + ACTIONS + "}")
    ApiResponse<BatchControl.Transition> apply(Caller caller, @PathVariable UUID id, @PathVariable String action) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            return ApiResponse.of(control.apply(caller, id, ControlAction.fromWire(action)));
        }
    }
}
