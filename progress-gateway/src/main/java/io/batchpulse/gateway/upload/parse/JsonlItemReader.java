package io.batchpulse.gateway.upload.parse;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.gateway.api.JsonPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * JSON Lines: each non-blank line is one JSON object read as a {@link NewItem} (a {@code payload}
 * of any JSON, required, and an optional {@code label}), by the same mapper that carries items in
 * commands, then checked by the JSON create's item rules.
 */
final class JsonlItemReader extends LookAheadIterator<ParsedLine> implements ItemReader {

    private static final ObjectReader ITEMS = EventJson.mapper().readerFor(NewItem.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LineReader lines;
    private final int maxLineBytes;
    private final Check check;

    JsonlItemReader(InputStream in, int maxLineBytes, Check check) {
        this.lines = new LineReader(in, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.check = check;
    }

    @Override
    protected ParsedLine read() {
        try {
            while (lines.next()) {
                if (!lines.blank()) {
                    return parse();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParsedLine parse() {
        long number = lines.number();
        if (lines.overlong()) {
            return ParsedLine.bad(number, "longer than " + maxLineBytes + " bytes");
        }
        if (!startsAnObject()) {
            return ParsedLine.bad(number, "must be a JSON object with a payload and an optional label");
        }
        NewItem item;
        try {
            item = ITEMS.readValue(lines.bytes(), 0, lines.length());
        } catch (JacksonException e) {
            return ParsedLine.bad(number, describe(e));
        }
        String problem = check.problem(item);
        return problem == null ? ParsedLine.good(number, item) : ParsedLine.bad(number, problem);
    }

    private boolean startsAnObject() {
        byte[] bytes = lines.bytes();
        for (int i = 0; i < lines.length(); i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return bytes[i] == '{';
            }
        }
        return false;
    }

    private static String describe(JacksonException failure) {
        String message = String.valueOf(failure.getOriginalMessage()).lines().findFirst().orElse("");
        if (failure instanceof StreamReadException || failure.getPath().isEmpty()) {
            return "not valid JSON: " + message;
        }
        return JsonPaths.of(failure) + ": " + message;
    }

    @Override
    public void close() {
        lines.close();
    }
}
