package io.batchpulse.events.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a batch callback may be told about: the batch ended (completed, also with errors; failed;
 * cancelled) or paused.
 */
public enum CallbackEvent {
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    PAUSED("paused");

    private final String wire;

    CallbackEvent(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static CallbackEvent fromWire(String value) {
        return WireValues.fromWire(CallbackEvent.class, CallbackEvent::wire, value);
    }
}
