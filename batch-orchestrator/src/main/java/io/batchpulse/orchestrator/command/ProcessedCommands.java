package io.batchpulse.orchestrator.command;

import io.batchpulse.events.command.BatchCommand;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The commandIds already applied; a command is applied at most once, however often it is delivered. */
@Component
class ProcessedCommands {

    private final JdbcTemplate jdbc;

    ProcessedCommands(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the command in the current transaction; false when it was applied before. */
    boolean claim(BatchCommand command) {
        return jdbc.update("""
                INSERT INTO processed_commands (command_id, batch_id, processed_at) VALUES (?, ?, now())
                ON CONFLICT (command_id) DO NOTHING
                """, command.commandId(), command.batchId()) == 1;
    }
}
