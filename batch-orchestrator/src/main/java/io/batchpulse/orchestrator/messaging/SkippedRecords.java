package io.batchpulse.orchestrator.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * batchpulse.events.skipped{reader,reason}: records a reader read and left alone on purpose, neither
 * applied nor dead-lettered (a newer schema, a type it does not know, no id to apply it by). A rise
 * means a producer is ahead of this service or broken.
 */
@Component
public class SkippedRecords {

    /** Why a record was skipped: the {@code reason} tag. */
    public enum Reason {
        UNKNOWN_TYPE("unknown-type"), FUTURE_SCHEMA("future-schema"), MISSING_ID("missing-id");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry meters;

    SkippedRecords(MeterRegistry meters) {
        this.meters = meters;
    }

    public void skipped(String reader, Reason reason) {
        Counter.builder("batchpulse.events.skipped").tag("reader", reader).tag("reason", reason.tag)
                .description("records a reader skipped on purpose, by reader and reason").register(meters)
                .increment();
    }
}
