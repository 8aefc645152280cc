package io.batchpulse.orchestrator.callback;

import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.orchestrator.api.NotFoundException;
import io.batchpulse.orchestrator.db.Transactions;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/batches/{id}/callbacks}: the batch's callbacks with every delivery and
 * attempt; {@code POST …/callbacks/{deliveryId}/resend}: that delivery again, now. The gateway
 * checks who may do either.
 */
@RestController
class CallbacksController {

    private final CallbackReports reports;
    private final CallbackDeliveries deliveries;
    private final Transactions transactions;

    CallbacksController(CallbackReports reports, CallbackDeliveries deliveries, Transactions transactions) {
        this.reports = reports;
        this.deliveries = deliveries;
        this.transactions = transactions;
    }

    @GetMapping("/internal/v1/batches/{id}/callbacks")
    CallbacksView callbacks(@PathVariable UUID id) {
        return reports.report(id).orElseThrow(() -> new NotFoundException("batch " + id + " not found"));
    }

    /** Answers the batch's callbacks as they are after the resend (the delivery is pending, due now). */
    @PostMapping("/internal/v1/batches/{id}/callbacks/{deliveryId}/resend")
    CallbacksView resend(@PathVariable UUID id, @PathVariable UUID deliveryId) {
        if (!transactions.inTransaction(() -> deliveries.resend(id, deliveryId))) {
            throw new NotFoundException("batch " + id + " has no callback delivery " + deliveryId);
        }
        return callbacks(id);
    }
}
