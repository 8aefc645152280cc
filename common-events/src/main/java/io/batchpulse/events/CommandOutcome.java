package io.batchpulse.events;

import java.util.UUID;

/**
 * An event that answers a command: its success event, or {@code command.rejected}. The gateway
 * correlates it with the waiting request by {@link #commandId()}.
 */
public interface CommandOutcome extends BatchEvent {

    /** The command this event answers; null when the orchestrator acted on its own (e.g. an automatic pause). */
    UUID commandId();
}
