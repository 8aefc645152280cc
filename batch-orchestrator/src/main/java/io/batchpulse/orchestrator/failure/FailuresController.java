package io.batchpulse.orchestrator.failure;

import io.batchpulse.events.query.FailuresView;
import io.batchpulse.orchestrator.api.NotFoundException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /internal/v1/batches/{id}/failures}: the batch's failed items by failure group. */
@RestController
class FailuresController {

    private final FailureGroups groups;

    FailuresController(FailureGroups groups) {
        this.groups = groups;
    }

    @GetMapping("/internal/v1/batches/{id}/failures")
    FailuresView failures(@PathVariable UUID id) {
        if (!groups.batchExists(id)) {
            throw new NotFoundException("batch " + id + " not found");
        }
        return groups.report(id);
    }
}
