package io.batchpulse.orchestrator.batch;

import java.util.Locale;

/**
 * Where a batch is on its way, as people see it (the status machine decides what a batch may do;
 * a stage only tells where it is). A file batch goes uploading, parsing, queued, processing,
 * finalizing and ends completed, failed or cancelled; a JSON batch starts at queued.
 */
public enum Stage {
    UPLOADING,
    PARSING,
    QUEUED,
    PROCESSING,
    FINALIZING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The name on the wire and in the stage column. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage of a wire name; null stays null (a batch without stages). */
    public static Stage fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
