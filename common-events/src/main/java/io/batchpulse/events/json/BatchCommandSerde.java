package io.batchpulse.events.json;

import io.batchpulse.events.command.BatchCommand;

/** Serde for batch-commands values; has a no-argument constructor so Kafka clients can create it from config. */
public class BatchCommandSerde extends JsonSerde<BatchCommand> {

    public BatchCommandSerde() {
        super(BatchCommand.class);
    }
}
