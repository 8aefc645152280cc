package io.batchpulse.gateway.command;

import io.batchpulse.events.CommandOutcome;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Commands of this instance that still wait for their outcome, by commandId. Futures are
 * registered before a command is sent, so an outcome can never arrive before its waiter exists.
 */
@Component
class CommandOutcomes {

    private final Map<UUID, CompletableFuture<CommandOutcome>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<CommandOutcome> expect(UUID commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    /** @return whether a waiter for this command existed */
    boolean complete(UUID commandId, CommandOutcome outcome) {
        CompletableFuture<CommandOutcome> future = waiting.remove(commandId);
        return future != null && future.complete(outcome);
    }

    void forget(UUID commandId) {
        CompletableFuture<CommandOutcome> future = waiting.remove(commandId);
        if (future != null) {
            future.cancel(false);
        }
    }
}
