package io.batchpulse.gateway.upload.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The physical lines of a file, as bytes, one at a time. A line ends at {@code \n} (a {@code \r}
 * before it is dropped); at most {@code maxBytes} of a line are kept, so memory is bounded
 * whatever the file holds, while its full length, its number (from 1) and its count of {@code "}
 * are always known. A UTF-8 byte order mark at the start of the file is skipped.
 */
final class LineReader implements Closeable {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private boolean started;
    private boolean ended;
    private byte[] line = new byte[1024];
    private int length;
    private long fullLength;
    private int quotes;
    private boolean crlf;
    private byte lastByte;
    private long number;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Moves to the next line; false at the end of the file. */
    boolean next() throws IOException {
        if (!started) {
            started = true;
            limit = in.readNBytes(buffer, 0, BOM.length);
            position = limit == BOM.length && Arrays.equals(buffer, 0, BOM.length, BOM, 0, BOM.length) ? BOM.length : 0;
        }
        if (ended) {
            return false;
        }
        length = 0;
        fullLength = 0;
        quotes = 0;
        crlf = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                ended = true;
                if (!any) {
                    return false;
                }
                break;
            }
            any = true;
            int end = indexOfNewline();
            keep(position, (end < 0 ? limit : end) - position);
            position = end < 0 ? limit : end + 1;
            if (end >= 0) {
                break;
            }
        }
        if (fullLength > 0 && lastByte == '\r') {
            crlf = true;
            fullLength--;
            length = (int) Math.min(length, fullLength);
        }
        number++;
        return true;
    }

    /** The line's number, from 1. */
    long number() {
        return number;
    }

    /** The kept bytes: {@code bytes()[0 .. length())}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line's length in bytes without its line break, kept or not. */
    long fullLength() {
        return fullLength;
    }

    /** Longer than the limit: only its first {@code maxBytes} were kept. */
    boolean overlong() {
        return fullLength > maxBytes;
    }

    /** How many {@code "} the whole line holds. */
    int quotes() {
        return quotes;
    }

    /** Ended by {@code \r\n} rather than {@code \n}. */
    boolean crlf() {
        return crlf;
    }

    /** Spaces and tabs only, or nothing. */
    boolean blank() {
        if (overlong()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void keep(int from, int count) {
        if (count == 0) {
            return;
        }
        fullLength += count;
        for (int i = from; i < from + count; i++) {
            if (buffer[i] == '"') {
                quotes++;
            }
        }
        lastByte = buffer[from + count - 1];
        int kept = Math.min(count, maxBytes - length);
        if (kept > 0) {
            if (length + kept > line.length) {
                line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, length + kept)));
            }
            System.arraycopy(buffer, from, line, length, kept);
            length += kept;
        }
    }

    /** Closes the stream; a failure surfaces as {@link UncheckedIOException}, like the readers' own. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
