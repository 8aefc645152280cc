package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.model.BatchStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The only place that decides which status a batch may move to. Commands, the recorder, the
 * lease sweeper and the deadline check all ask it; nothing else writes a batch status.
 *
 * <pre>
 * created   --seal-->                    running
 * running   --pause-->                   paused
 * paused    --resume-->                  running
 * running, paused --cancel-->            cancelled
 * running   --complete-->                completed
 * running   --complete-with-errors-->    completed_with_errors
 * running   --fail-->                    failed            (deadline, failure policy)
 * completed_with_errors, failed --retry-failed--> running
 * </pre>
 */
public final class BatchStatusMachine {

    /** What is asked of a batch. */
    public enum Action {
        SEAL("seal"),
        PAUSE("pause"),
        RESUME("resume"),
        CANCEL("cancel"),
        COMPLETE("complete"),
        COMPLETE_WITH_ERRORS("complete with errors"),
        FAIL("fail"),
        RETRY_FAILED("retry-failed");

        private final String verb;

        Action(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    private static final Map<BatchStatus, Map<Action, BatchStatus>> TABLE = table();

    private BatchStatusMachine() {
    }

    /** The status the action leads to, or empty when the action is refused in that status. */
    public static Optional<BatchStatus> next(BatchStatus from, Action action) {
        return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(action));
    }

    public static boolean allows(BatchStatus from, Action action) {
        return next(from, action).isPresent();
    }

    /** Like {@link #next} but refuses with an {@link InvalidTransitionException}. */
    public static BatchStatus apply(BatchStatus from, Action action) {
        return next(from, action).orElseThrow(() -> new InvalidTransitionException(from, action));
    }

    /** How a batch ends when nothing is pending or in flight any more. */
    public static Action finishing(long failedItems) {
        return failedItems > 0 ? Action.COMPLETE_WITH_ERRORS : Action.COMPLETE;
    }

    private static Map<BatchStatus, Map<Action, BatchStatus>> table() {
        Map<BatchStatus, Map<Action, BatchStatus>> table = new EnumMap<>(BatchStatus.class);
        table.put(BatchStatus.CREATED, Map.of(Action.SEAL, BatchStatus.RUNNING));
        table.put(BatchStatus.RUNNING, Map.of(
                Action.PAUSE, BatchStatus.PAUSED,
                Action.CANCEL, BatchStatus.CANCELLED,
                Action.COMPLETE, BatchStatus.COMPLETED,
                Action.COMPLETE_WITH_ERRORS, BatchStatus.COMPLETED_WITH_ERRORS,
                Action.FAIL, BatchStatus.FAILED));
        table.put(BatchStatus.PAUSED, Map.of(
                Action.RESUME, BatchStatus.RUNNING,
                Action.CANCEL, BatchStatus.CANCELLED));
        table.put(BatchStatus.COMPLETED_WITH_ERRORS, Map.of(Action.RETRY_FAILED, BatchStatus.RUNNING));
        table.put(BatchStatus.FAILED, Map.of(Action.RETRY_FAILED, BatchStatus.RUNNING));
        return Collections.unmodifiableMap(table);
    }
}
