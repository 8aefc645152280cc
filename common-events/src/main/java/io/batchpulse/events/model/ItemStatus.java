package io.batchpulse.events.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of one item. */
public enum ItemStatus {
    PENDING("pending"),
    DISPATCHED("dispatched"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    ItemStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static ItemStatus fromWire(String value) {
        return WireValues.fromWire(ItemStatus.class, ItemStatus::wire, value);
    }
}
