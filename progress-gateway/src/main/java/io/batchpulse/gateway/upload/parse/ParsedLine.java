package io.batchpulse.gateway.upload.parse;

import io.batchpulse.events.model.NewItem;

/**
 * One line of an uploaded file (one record of a CSV file): the item it holds, or why it holds none.
 *
 * @param line    the physical line where it starts, from 1
 * @param item    the item, null when the line is bad
 * @param problem why the line is not a valid item (at most {@link #MAX_PROBLEM} characters), null when it is
 */
public record ParsedLine(long line, NewItem item, String problem) {

    public static final int MAX_PROBLEM = 300;

    static ParsedLine good(long line, NewItem item) {
        return new ParsedLine(line, item, null);
    }

    static ParsedLine bad(long line, String problem) {
        String text = problem.length() <= MAX_PROBLEM ? problem : problem.substring(0, MAX_PROBLEM - 1) + "…";
        return new ParsedLine(line, null, text);
    }

    public boolean valid() {
        return problem == null;
    }
}
