package io.batchpulse.gateway.upload.parse;

/** The file cannot be read as its format at all (e.g. a CSV file without a usable header row). */
public class FileFormatException extends RuntimeException {

    private final long line;

    FileFormatException(long line, String reason) {
        super(reason);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
