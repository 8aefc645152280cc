package io.batchpulse.events.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which batches the dispatcher serves first: every pending item of a higher priority leaves before
 * one of a lower priority, as far as windows and shared limits let them; fairness applies within
 * a priority.
 */
public enum Priority {
    HIGH("high"),
    NORMAL("normal"),
    LOW("low");

    private final String wire;

    Priority(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Priority fromWire(String value) {
        return WireValues.fromWire(Priority.class, Priority::wire, value);
    }
}
