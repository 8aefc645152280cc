package io.batchpulse.gateway.control;

import io.batchpulse.events.CommandOutcome;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CancelBatch;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.command.ResumeBatch;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.UUID;

/** What an owner can do to a running batch: the command it sends, the event that confirms it, where it leads. */
enum ControlAction {
    PAUSE("pause", PauseBatch::new, BatchPaused.class, BatchStatus.PAUSED),
    RESUME("resume", ResumeBatch::new, BatchResumed.class, BatchStatus.RUNNING),
    CANCEL("cancel", CancelBatch::new, BatchCancelled.class, BatchStatus.CANCELLED),
    RETRY_FAILED("retry-failed", RetryFailed::new, BatchRetried.class, BatchStatus.RUNNING);

    private final String wire;
    private final CommandFactory factory;
    private final Class<? extends CommandOutcome> confirmation;
    private final BatchStatus newStatus;

    ControlAction(String wire, CommandFactory factory, Class<? extends CommandOutcome> confirmation, BatchStatus newStatus) {
        this.wire = wire;
        this.factory = factory;
        this.confirmation = confirmation;
        this.newStatus = newStatus;
    }

    /** The action of a path the controller maps (one of {@link BatchControlController#ACTIONS}). */
    static ControlAction fromWire(String wire) {
        for (ControlAction action : values()) {
            if (action.wire.equals(wire)) {
                return action;
            }
        }
        throw new IllegalArgumentException("No control action " + wire);
    }

    String wire() {
        return wire;
    }

    BatchStatus newStatus() {
        return newStatus;
    }

    Class<? extends CommandOutcome> confirmation() {
        return confirmation;
    }

    BatchCommand command(UUID batchId, Requester requester, int schemaVersion) {
        return factory.create(UUID.randomUUID(), batchId, Instant.now(), schemaVersion, requester);
    }

    @FunctionalInterface
    private interface CommandFactory {
        BatchCommand create(UUID commandId, UUID batchId, Instant requestedAt, int schemaVersion, Requester requester);
    }
}
