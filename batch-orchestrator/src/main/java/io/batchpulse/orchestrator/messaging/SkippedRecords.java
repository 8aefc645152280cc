package io.batchpulse.orchestrator.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * batchpulse.events.skipped{reader,reason}: records a reader read and left alone on purpose, neither
 * applied nor dead-lettered (a newer schema, a type it does not know, no id to apply it by). A rise
 * means a producer is ahead of this service, or broken.
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

    /** The counters of one reader. */
    public static final class Reader {

        private final Map<Reason, Counter> counters;

        private Reader(Map<Reason, Counter> counters) {
            this.counters = counters;
        }

        public void skipped(Reason reason) {
            Counter counter = counters.get(reason);
            if (counter == null) {
                throw new IllegalArgumentException("reason " + reason + " was not registered for this reader");
            }
            counter.increment();
        }
    }

    private final MeterRegistry meters;

    SkippedRecords(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Registers a reader's series up front, so that each exists at 0 and rate() sees its first skip. */
    public Reader reader(String reader, Reason... reasons) {
        Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
        for (Reason reason : reasons) {
            counters.put(reason, Counter.builder("batchpulse.events.skipped").tag("reader", reader)
                    .tag("reason", reason.tag).description("records a reader skipped on purpose, by reader and reason")
                    .register(meters));
        }
        return new Reader(counters);
    }
}
