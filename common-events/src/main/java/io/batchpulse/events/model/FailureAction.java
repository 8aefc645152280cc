package io.batchpulse.events.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the failure policy does when too many items fail. */
public enum FailureAction {
    PAUSE("pause"),
    FAIL("fail");

    private final String wire;

    FailureAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static FailureAction fromWire(String value) {
        return WireValues.fromWire(FailureAction.class, FailureAction::wire, value);
    }
}
