package io.batchpulse.gateway.command;

import io.batchpulse.events.CommandOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The awaited outcomes of one send, all bounded by one deadline so a request never waits longer
 * than the reply timeout in total. Close it to stop waiting (the registry forgets the commands).
 */
class Replies implements AutoCloseable {

    private final CommandOutcomes outcomes;
    private final Map<UUID, CompletableFuture<CommandOutcome>> futures = new LinkedHashMap<>();
    private long deadlineNanos;

    Replies(CommandOutcomes outcomes, List<UUID> commandIds) {
        this.outcomes = outcomes;
        commandIds.forEach(id -> futures.put(id, outcomes.expect(id)));
    }

    Replies startClock(Duration timeout) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        return this;
    }

    /**
     * The event that answered the command: its success event or a command.rejected.
     *
     * @throws NoReplyException when the deadline passes first
     */
    CommandOutcome await(UUID commandId) {
        CompletableFuture<CommandOutcome> future = futures.get(commandId);
        if (future == null) {
            throw new IllegalArgumentException("Not awaiting command " + commandId);
        }
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NoReplyException(commandId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoReplyException(commandId);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            throw new NoReplyException(commandId);
        }
    }

    @Override
    public void close() {
        futures.keySet().forEach(outcomes::forget);
    }

    /** No outcome arrived in time; the command may still be applied later. */
    static class NoReplyException extends RuntimeException {

        NoReplyException(UUID commandId) {
            super("No outcome for command " + commandId + " in time");
        }
    }
}
