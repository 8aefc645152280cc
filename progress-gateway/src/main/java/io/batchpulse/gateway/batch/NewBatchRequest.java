package io.batchpulse.gateway.batch;

import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.gateway.command.CommandRequest;
import java.util.List;
import java.util.UUID;

/** The request that makes a new batch, as the JSON create and the batch of an upload both send it. */
public final class NewBatchRequest {

    private NewBatchRequest() {
    }

    /** @param commands the create first, then whatever goes with it, all for one batch */
    public static CommandRequest of(List<? extends BatchCommand> commands, UUID... awaited) {
        UUID batchId = commands.get(0).batchId();
        return new CommandRequest(commands, List.of(awaited), "The batch could not be submitted; nothing was created",
                "The batch was submitted but not confirmed in time; look it up later", List.of("batchId: " + batchId),
                null);
    }
}
