package io.batchpulse.events;

/** Kafka record header names used across services. */
public final class Headers {

    /** The worker instance that produced an item event; also inside the event body. */
    public static final String WORKER_ID = "batchpulse-worker-id";

    /** The event or command type, so tools can filter without parsing the value. */
    public static final String TYPE = "batchpulse-type";

    private Headers() {
    }
}
