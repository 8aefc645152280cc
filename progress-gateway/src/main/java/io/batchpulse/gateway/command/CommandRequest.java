package io.batchpulse.gateway.command;

import io.batchpulse.events.command.BatchCommand;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One request of the API to the orchestrator, for {@link CommandBus#request}.
 *
 * @param commands     written in one transaction
 * @param awaited      the commands whose outcome the caller waits for, in order; the last one's is the answer
 * @param notSent      the caller's message when the commands could not be written (nothing happened)
 * @param notConfirmed the caller's message when no outcome came in time (the commands may still be applied)
 * @param details      details of the not-confirmed answer, such as the batch to look up later
 * @param timeout      how long to wait for all outcomes; null: the configured reply timeout
 */
public record CommandRequest(List<? extends BatchCommand> commands, List<UUID> awaited, String notSent,
        String notConfirmed, List<String> details, Duration timeout) {

    public CommandRequest {
        commands = List.copyOf(commands);
        awaited = List.copyOf(awaited);
        details = List.copyOf(details);
        if (awaited.isEmpty()) {
            throw new IllegalArgumentException("A request awaits the outcome of at least one command");
        }
    }

    UUID answered() {
        return awaited.get(awaited.size() - 1);
    }
}
