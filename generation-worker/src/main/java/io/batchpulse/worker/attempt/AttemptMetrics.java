package io.batchpulse.worker.attempt;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.worker.processor.ProcessorRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * batchpulse.worker.items{processor,outcome}: attempts this worker ran, timed from the processor's
 * start to its outcome, counted once the broker took the outcome. Outcome is the event published
 * (completed, retrying, failed); a processor name no registry knows is tagged {@code unknown}, so a
 * bad dispatch cannot add series.
 */
@Component
class AttemptMetrics {

    private final MeterRegistry meters;
    private final ProcessorRegistry processors;

    AttemptMetrics(MeterRegistry meters, ProcessorRegistry processors) {
        this.meters = meters;
        this.processors = processors;
    }

    void processed(String processor, ItemEvent outcome, long elapsedNanos) {
        String name = processor != null && processors.find(processor).isPresent() ? processor : "unknown";
        Timer.builder("batchpulse.worker.items")
                .tag("processor", name)
                .tag("outcome", outcome.type().substring(outcome.type().indexOf('.') + 1))
                .description("item attempts run by this worker, by processor and outcome")
                .register(meters)
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
}
