package io.batchpulse.bench;

import java.util.function.Consumer;

/**
 * The text/event-stream framing (WHATWG): fields until a blank line, data lines joined with
 * newlines, comments and retry hints ignored. For the many-connection client, which gets raw lines.
 */
final class SseLineParser {

    private final Consumer<SseEvent> sink;
    private String name;
    private StringBuilder data;
    private String id;

    SseLineParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "id" -> id = value;
            default -> {
                // retry and unknown fields: nothing to do
            }
        }
    }

    private void dispatch() {
        if (data != null) {
            sink.accept(new SseEvent(name == null || name.isEmpty() ? "message" : name, data.toString(), id));
        }
        name = null;
        data = null;
        id = null;
    }
}
