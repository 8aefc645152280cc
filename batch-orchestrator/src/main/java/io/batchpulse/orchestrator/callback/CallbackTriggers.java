package io.batchpulse.orchestrator.callback;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.CallbackEvent;
import java.util.Optional;

/** Which batch event a callback hears of as which {@link CallbackEvent}. */
final class CallbackTriggers {

    private CallbackTriggers() {
    }

    /** Completed with errors is {@code completed} too (Sidekiq's on_complete); the body's status tells them apart. */
    static Optional<CallbackEvent> of(BatchEvent event) {
        if (event instanceof BatchCompleted completed) {
            return Optional.of(completed.status() == BatchStatus.FAILED ? CallbackEvent.FAILED : CallbackEvent.COMPLETED);
        }
        if (event instanceof BatchCancelled) {
            return Optional.of(CallbackEvent.CANCELLED);
        }
        if (event instanceof BatchPaused) {
            return Optional.of(CallbackEvent.PAUSED);
        }
        return Optional.empty();
    }
}
