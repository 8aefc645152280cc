package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.FailuresView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.orchestrator.OrchestratorClient;
import io.batchpulse.gateway.progress.SnapshotStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Reads batches from the orchestrator and lets callers see only their own (admins see all). */
@Service
public class BatchQueries {

    private static final List<String> BATCH_STATUSES = Arrays.stream(BatchStatus.values()).map(BatchStatus::wire).toList();
    private static final List<String> ITEM_STATUSES = Arrays.stream(ItemStatus.values()).map(ItemStatus::wire).toList();

    /** Labels are at most 500 characters: a longer filter can match nothing. */
    static final int MAX_LABEL_FILTER = 500;

    private final OrchestratorClient orchestrator;
    private final GatewayProperties.Limits limits;
    private final SnapshotStore snapshots;

    BatchQueries(OrchestratorClient orchestrator, GatewayProperties properties, SnapshotStore snapshots) {
        this.orchestrator = orchestrator;
        this.limits = properties.limits();
        this.snapshots = snapshots;
    }

    PageView<BatchView> list(Caller caller, String status, Integer page, Integer size) {
        Paging paging = Paging.of(status, BatchStatus::fromWire, BATCH_STATUSES, page, size, limits);
        String owner = caller.admin() ? null : caller.subject();
        return orchestrator.listBatches(owner, paging.status(), paging.page(), paging.size());
    }

    /**
     * The batch with its first items and snapshot, if the caller may see it.
     *
     * @throws ApiException NOT_FOUND for an unknown id and for someone else's batch
     */
    public BatchDetails details(Caller caller, UUID id) {
        return details(visibleBatch(caller, id));
    }

    /**
     * The batch this caller's request has just created, read back as {@link #details} reads it.
     * The orchestrator stores a batch before its outbox publishes the confirming outcome, so a read
     * after the outcome always finds it.
     *
     * @throws ApiException UNAVAILABLE, naming the batch to look up later, when the read fails
     */
    public BatchDetails created(UUID id) {
        try {
            return details(orchestrator.findBatch(id).orElseThrow(() -> notFound(id)));
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE,
                    "The batch was created but cannot be read right now; look it up later", List.of("batchId: " + id));
        }
    }

    /** @param label a case-insensitive substring of the items' labels; blank or null for every item */
    PageView<ItemView> items(Caller caller, UUID id, String status, String label, Integer page, Integer size) {
        Paging paging = Paging.of(status, ItemStatus::fromWire, ITEM_STATUSES, page, size, limits);
        String labelFilter = label == null || label.isBlank() ? null : label.strip();
        if (labelFilter != null && labelFilter.length() > MAX_LABEL_FILTER) {
            throw ApiException.validation(List.of("label: at most " + MAX_LABEL_FILTER + " characters"));
        }
        visibleBatch(caller, id);
        return orchestrator.findItems(id, paging.status(), labelFilter, paging.page(), paging.size())
                .orElseThrow(() -> notFound(id));
    }

    FailuresView failures(Caller caller, UUID id) {
        visibleBatch(caller, id);
        return orchestrator.findFailures(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The batch if the caller may see it.
     *
     * @throws ApiException NOT_FOUND for an unknown id and for someone else's batch alike, so that
     *                      no one can probe which ids exist
     */
    public BatchView visibleBatch(Caller caller, UUID id) {
        BatchView view = orchestrator.findBatch(id).orElseThrow(() -> notFound(id));
        if (!caller.mayAccess(view.owner())) {
            throw notFound(id);
        }
        return view;
    }

    private BatchDetails details(BatchView view) {
        return BatchDetails.of(view, firstItems(view.id()).orElse(null), snapshot(view.id()));
    }

    /** The snapshot if this instance has one; the batch read does not fail because progress is unavailable. */
    private ProgressSnapshot snapshot(UUID id) {
        try {
            return snapshots.find(id).orElse(null);
        } catch (ApiException e) {
            return null;
        }
    }

    private Optional<PageView<ItemView>> firstItems(UUID id) {
        return orchestrator.findItems(id, null, 0, limits.defaultPageSize());
    }

    /** The one answer for a batch that is not there and for one that is not the caller's. */
    public static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.NOT_FOUND, "No batch " + id);
    }
}
