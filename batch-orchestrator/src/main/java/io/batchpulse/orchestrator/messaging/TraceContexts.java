package io.batchpulse.orchestrator.messaging;

import io.batchpulse.events.Headers;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Carries a trace across the hops the orchestrator makes through PostgreSQL. The listener and
 * template observations carry it from record to record on one thread; but an outbox row is sent
 * later by the relay, and a batch's items are dispatched by the dispatcher thread, long after the
 * command that created it. So the W3C traceparent in scope when the work is stored is stored with
 * it, and the thread that sends it later continues that trace: the template's observation then
 * writes a traceparent of the same trace on the record.
 */
@Component
public class TraceContexts {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** The traceparent of the span in scope on this thread; null when there is none (or tracing is off). */
    public String current() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(Headers.TRACEPARENT);
    }

    /**
     * Runs {@code work} in a span named {@code name} that continues the stored trace; without one,
     * runs it as it is (the template then starts a trace of its own, as before tracing existed).
     */
    public <T> T continuing(String traceparent, String name, Supplier<T> work) {
        if (traceparent == null) {
            return work.get();
        }
        Span span = propagator.extract(Map.of(Headers.TRACEPARENT, traceparent), Map::get).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
