package io.batchpulse.events.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of a batch; the orchestrator's status machine is the only thing that moves it. */
public enum BatchStatus {
    CREATED("created"),
    RUNNING("running"),
    PAUSED("paused"),
    CANCELLED("cancelled"),
    COMPLETED("completed"),
    COMPLETED_WITH_ERRORS("completed_with_errors"),
    FAILED("failed");

    private final String wire;

    BatchStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static BatchStatus fromWire(String value) {
        return WireValues.fromWire(BatchStatus.class, BatchStatus::wire, value);
    }
}
