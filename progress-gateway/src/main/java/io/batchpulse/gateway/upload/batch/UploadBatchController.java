package io.batchpulse.gateway.upload.batch;

import io.batchpulse.gateway.api.ApiResponse;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.batch.BatchDetails;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/uploads/{id}/batch}: 201 with the new batch, or 200 with the one made of the upload before. */
@RestController
class UploadBatchController {

    private final UploadBatches batches;

    UploadBatchController(UploadBatches batches) {
        this.batches = batches;
    }

    @PostMapping("/api/v1/uploads/{id}/batch")
    ResponseEntity<ApiResponse<BatchDetails>> create(Caller caller, @PathVariable UUID id,
            @RequestBody UploadBatchRequest request) {
        UploadBatches.Outcome outcome = batches.create(caller, id, request);
        BatchDetails batch = outcome.batch();
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/batches/" + batch.id()))
                .body(ApiResponse.of(batch));
    }
}
