package io.batchpulse.gateway.export;

import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.gateway.api.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A checked results export request: the format ({@code jsonl}, the default, or {@code csv}) and
 * the item statuses to keep (comma-separated wire values, none meaning all), in the wire form the
 * orchestrator takes.
 */
record ResultsQuery(Format format, String status) {

    /** What the orchestrator writes for each format, and how the download is named. */
    enum Format {
        JSONL("application/x-ndjson", "jsonl"),
        // without a space: what clients have always been sent (Tomcat dropped it; Jetty sends what it is given)
        CSV("text/csv;charset=utf-8", "csv");

        final String mediaType;
        final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<String> FORMATS = Arrays.stream(Format.values()).map(Format::wire).toList();
    private static final List<String> STATUSES = Arrays.stream(ItemStatus.values()).map(ItemStatus::wire).toList();

    /** @throws ApiException VALIDATION_FAILED naming every bad parameter */
    static ResultsQuery of(String format, String status) {
        List<String> problems = new ArrayList<>();
        String wantedFormat = format == null || format.isBlank() ? Format.JSONL.wire() : format.trim();
        if (!FORMATS.contains(wantedFormat)) {
            problems.add("format: must be one of " + String.join(", ", FORMATS));
        }
        List<String> statuses = status == null || status.isBlank() ? List.of()
                : Arrays.stream(status.split(",", -1)).map(String::trim).distinct().toList();
        if (!STATUSES.containsAll(statuses)) {
            problems.add("status: must be a comma-separated list of " + String.join(", ", STATUSES));
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new ResultsQuery(Format.valueOf(wantedFormat.toUpperCase(Locale.ROOT)),
                statuses.isEmpty() ? null : String.join(",", statuses));
    }
}
