package io.batchpulse.gateway.control;

import io.batchpulse.events.CommandOutcome;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.batch.BatchQueries;
import io.batchpulse.gateway.command.CommandBus;
import io.batchpulse.gateway.command.CommandRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Pause, resume, cancel, retry-failed: checks that the caller may control the batch, sends the
 * command and answers with the transition once the orchestrator confirmed it. Whether the
 * transition is allowed is the orchestrator's call (its status machine is the only one).
 */
@Service
class BatchControl {

    private static final Logger log = LoggerFactory.getLogger(BatchControl.class);

    private final BatchQueries queries;
    private final CommandBus commands;

    BatchControl(BatchQueries queries, CommandBus commands) {
        this.queries = queries;
        this.commands = commands;
    }

    /** The answer of a control call. */
    record Transition(UUID batchId, BatchStatus previousStatus, BatchStatus newStatus, String action,
            Instant timestamp) {
    }

    Transition apply(Caller caller, UUID batchId, ControlAction action) {
        BatchView batch = queries.visibleBatch(caller, batchId);
        return send(batch, action, action.command(batchId, caller.requester(), SchemaVersion.CURRENT));
    }

    /**
     * Retry-failed of one failure group. A group without failed items is refused by the
     * orchestrator as NOT_FOUND (404), and nothing changes.
     */
    Transition retryGroup(Caller caller, UUID batchId, String group) {
        BatchView batch = queries.visibleBatch(caller, batchId);
        return send(batch, ControlAction.RETRY_FAILED, new RetryFailed(UUID.randomUUID(), batchId, Instant.now(),
                SchemaVersion.CURRENT, caller.requester(), group));
    }

    /**
     * Retry-failed of one item. The orchestrator refuses an item that is not failed (or a batch
     * whose status takes no retry) as INVALID_TRANSITION (409), an unknown index as NOT_FOUND.
     */
    Transition retryItem(Caller caller, UUID batchId, long index) {
        BatchView batch = queries.visibleBatch(caller, batchId);
        return send(batch, ControlAction.RETRY_FAILED, new RetryFailed(UUID.randomUUID(), batchId, Instant.now(),
                SchemaVersion.CURRENT, caller.requester(), null, index));
    }

    private Transition send(BatchView batch, ControlAction action, BatchCommand command) {
        UUID batchId = batch.id();
        CommandRequest request = new CommandRequest(List.of(command), List.of(command.commandId()),
                "The " + action.wire() + " command could not be sent",
                "The " + action.wire() + " command was sent but not confirmed in time; check the batch later",
                List.of("batchId: " + batchId, "commandId: " + command.commandId()), null);
        CommandOutcome outcome = commands.request(request, action.confirmation());
        log.info("Batch {}: {} -> {}", action.wire(), batch.status().wire(), action.newStatus().wire());
        return new Transition(batchId, batch.status(), action.newStatus(), action.wire(), outcome.occurredAt());
    }
}
