package io.batchpulse.orchestrator.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * batchpulse.items.recorded{outcome}: item results the orchestrator recorded (rows that really
 * moved, so a redelivered event is not counted twice). rate() of completed + failed is items/s.
 */
@Component
class RecordMetrics {

    /** Rows moved by one recorded poll. */
    record Recorded(int completed, int failed, int retrying) {
    }

    private final Counter completed;
    private final Counter failed;
    private final Counter retrying;

    RecordMetrics(MeterRegistry meters) {
        completed = recorded(meters, "completed");
        failed = recorded(meters, "failed");
        retrying = recorded(meters, "retrying");
    }

    void recorded(Recorded poll) {
        completed.increment(poll.completed());
        failed.increment(poll.failed());
        retrying.increment(poll.retrying());
    }

    private static Counter recorded(MeterRegistry meters, String outcome) {
        return Counter.builder("batchpulse.items.recorded").tag("outcome", outcome)
                .description("item results recorded by the orchestrator").register(meters);
    }
}
