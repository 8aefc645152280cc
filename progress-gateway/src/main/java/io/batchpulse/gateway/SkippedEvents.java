package io.batchpulse.gateway;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.UnknownEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code batchpulse.events.skipped{reader,reason}}: batch-events records a reader of this gateway
 * passed over without acting on them. A skip is right for each record (a newer producer's type, a
 * tombstone), but a rate of them means a producer is broken or newer than this gateway. Every
 * reason is registered at 0, so an alert can compare rates from the start.
 */
public final class SkippedEvents {

    static final String METER = "batchpulse.events.skipped";

    /** Who skipped: the progress Streams app, the live feed to SSE viewers, the command-outcome listener. */
    public enum Reader {
        PROGRESS, LIVE_FEED, COMMAND_OUTCOMES
    }

    public enum Reason {
        UNKNOWN_TYPE, FUTURE_SCHEMA, MISSING_ID, UNREADABLE, TOMBSTONE,
        /** keyed by another batch than its payload's (the live feed; the Streams app dead-letters it) */
        MISADDRESSED,
        /** an item event of a batch the fold has never heard of from the orchestrator */
        UNKNOWN_BATCH;

        /** Why a reader does not understand {@code event}. */
        public static Reason notUnderstood(BatchEvent event) {
            if (event instanceof UnknownEvent) {
                return UNKNOWN_TYPE;
            }
            return event.schemaVersion() > SchemaVersion.CURRENT ? FUTURE_SCHEMA : UNREADABLE;
        }
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    private SkippedEvents(MeterRegistry registry, Reader reader) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder(METER)
                    .description("batch-events records skipped by a reader of this gateway")
                    .tag("reader", tag(reader))
                    .tag("reason", tag(reason))
                    .register(registry));
        }
    }

    public static SkippedEvents of(MeterRegistry registry, Reader reader) {
        return new SkippedEvents(registry, reader);
    }

    public void count(Reason reason) {
        counters.get(reason).increment();
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
