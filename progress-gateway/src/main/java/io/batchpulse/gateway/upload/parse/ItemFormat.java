package io.batchpulse.gateway.upload.parse;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/** The file formats an upload may have, with their names on the wire. */
public enum ItemFormat {

    /** One item per line: {@code {"label": ..., "payload": {...}}}; blank lines are ignored. */
    @JsonProperty("jsonl")
    JSONL("jsonl"),
    /** A header row, an optional {@code label} column, every other column a payload field. */
    @JsonProperty("csv")
    CSV("csv");

    private final String wire;

    ItemFormat(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ItemFormat> fromWire(String name) {
        return Arrays.stream(values()).filter(format -> format.wire.equals(name)).findFirst();
    }

    /**
     * Reads {@code in} as this format (and closes it when the reader is closed).
     *
     * @param maxLineBytes the longest line (CSV: record) in bytes; a longer one is a bad line
     * @throws FileFormatException when the file cannot be read as this format at all
     */
    public ItemReader open(InputStream in, int maxLineBytes, ItemReader.Check check) {
        return switch (this) {
            case JSONL -> new JsonlItemReader(in, maxLineBytes, check);
            case CSV -> new CsvItemReader(in, maxLineBytes, check);
        };
    }
}
