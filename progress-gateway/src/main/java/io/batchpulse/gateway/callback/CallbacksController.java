package io.batchpulse.gateway.callback;

import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.batch.BatchQueries;
import io.batchpulse.gateway.orchestrator.OrchestratorClient;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A batch's completion callbacks, relayed from the orchestrator, which stores and sends them:
 * every delivery with its attempts, and a resend of one delivery. Only the owner (or an admin)
 * sees or resends them, as with every read and control of a batch; no answer carries a secret.
 */
@RestController
@RequestMapping("/api/v1/batches/{id}/callbacks")
class CallbacksController {

    private static final Logger log = LoggerFactory.getLogger(CallbacksController.class);

    private final BatchQueries batches;
    private final OrchestratorClient orchestrator;

    CallbacksController(BatchQueries batches, OrchestratorClient orchestrator) {
        this.batches = batches;
        this.orchestrator = orchestrator;
    }

    @GetMapping
    ApiResponse<CallbacksView> callbacks(Caller caller, @PathVariable UUID id) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            batches.visibleBatch(caller, id);
            return ApiResponse.of(orchestrator.findCallbacks(id)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No batch " + id)));
        }
    }

    @PostMapping("/{deliveryId}/resend")
    ApiResponse<CallbacksView> resend(Caller caller, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", id.toString())) {
            batches.visibleBatch(caller, id);
            CallbacksView view = orchestrator.resendCallback(id, deliveryId).orElseThrow(() -> new ApiException(
                    ErrorCode.NOT_FOUND, "Batch " + id + " has no callback delivery " + deliveryId));
            log.info("Callback delivery {} resent by {}", deliveryId, caller.subject());
            return ApiResponse.of(view);
        }
    }
}
