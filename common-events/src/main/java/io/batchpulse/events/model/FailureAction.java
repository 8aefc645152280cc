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
        for (FailureAction candidate : values()) {
            if (candidate.wire.equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unknown FailureAction: " + value);
    }
}
