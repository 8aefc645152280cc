package io.batchpulse.orchestrator.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two shapes of a results export and the media type each is sent as. */
enum ResultFormat {
    JSONL("application/x-ndjson"),
    CSV("text/csv; charset=utf-8");

    private final String mediaType;

    ResultFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the formats there are */
    static ResultFormat fromWire(String value) {
        return Arrays.stream(values()).filter(f -> f.wire().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("format: must be one of " + Arrays.stream(values())
                        .map(ResultFormat::wire).collect(Collectors.joining(", "))));
    }
}
