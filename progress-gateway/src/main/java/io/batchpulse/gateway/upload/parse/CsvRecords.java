package io.batchpulse.gateway.upload.parse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a CSV file into the text of its records, for the CSV library to parse one at a time. A
 * record is one or more physical lines: by RFC 4180 a line break inside a quoted field is part of
 * the field, and a field's own quotes are doubled, so a record ends at the first line break after
 * which the count of {@code "} is even. Doing this cut here (and not letting the parser read the
 * stream) is what gives each record its starting line number, an exact byte limit that never
 * buffers more than the limit, and recovery after a bad record: the next record starts cleanly.
 * Blank lines between records are skipped.
 */
final class CsvRecords {

    /** A record: its text (null when bad) or why it is bad, and the line where it starts. */
    record Record(long line, String text, String problem) {
    }

    private final LineReader lines;
    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private final StringBuilder text = new StringBuilder();

    CsvRecords(LineReader lines, int maxBytes) {
        this.lines = lines;
        this.maxBytes = maxBytes;
    }

    /** The next record, or null at the end of the file. */
    Record next() throws IOException {
        boolean open = false;
        long start = 0;
        long bytes = 0;
        long quotes = 0;
        boolean previousCrlf = false;
        String problem = null;
        while (lines.next()) {
            if (!open) {
                if (lines.fullLength() == 0) {
                    continue;
                }
                open = true;
                start = lines.number();
                text.setLength(0);
            } else {
                bytes += previousCrlf ? 2 : 1;
                if (problem == null) {
                    text.append(previousCrlf ? "\r\n" : "\n");
                }
            }
            bytes += lines.fullLength();
            quotes += lines.quotes();
            if (problem == null) {
                problem = bytes > maxBytes ? "longer than " + maxBytes + " bytes" : append();
            }
            previousCrlf = lines.crlf();
            if (quotes % 2 == 0) {
                return new Record(start, problem == null ? text.toString() : null, problem);
            }
        }
        return open ? new Record(start, null, problem == null ? "a quoted field is not closed" : problem) : null;
    }

    /** Appends the current line's text; the problem if it is not UTF-8. */
    private String append() {
        try {
            text.append(utf8.reset().decode(ByteBuffer.wrap(lines.bytes(), 0, lines.length())));
            return null;
        } catch (CharacterCodingException e) {
            return "not valid UTF-8";
        }
    }
}
