package io.batchpulse.events;

/** Kafka record header names used across services. */
public final class Headers {

    /** The worker instance that produced an item event; also inside the event body. */
    public static final String WORKER_ID = "batchpulse-worker-id";

    /** The event or command type, so tools can filter without parsing the value. */
    public static final String TYPE = "batchpulse-type";

    /**
     * On item-dispatch records: the orchestrator instance and owner epoch that dispatched the item
     * ({@code instance/epoch}), so an ex-owner's late record can be told apart in the logs and tests.
     */
    public static final String DISPATCHER = "batchpulse-dispatcher";

    /**
     * The W3C trace context of the work that wrote the record ({@code 00-<trace id>-<span id>-<flags>}),
     * so one trace follows a batch across every service. Written by the services' Kafka
     * observations (Micrometer Tracing); tools may read it and never need to write it.
     */
    public static final String TRACEPARENT = "traceparent";

    private Headers() {
    }
}
