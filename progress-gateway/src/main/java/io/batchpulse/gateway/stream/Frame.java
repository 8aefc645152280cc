package io.batchpulse.gateway.stream;

import java.nio.charset.StandardCharsets;

/**
 * One SSE event, encoded once and shared by every viewer of a batch: its bytes are made here, and
 * a connection adds only what is its own (an id from its position, the first event's retry line).
 * A class, not a record, because it carries the encoded bytes beside the fields they come from.
 * The framing is what Spring's SseEmitter wrote: {@code event:}, {@code id:}, {@code retry:},
 * {@code data:} lines, an empty line after each event.
 */
final class Frame {

    static final long NO_OFFSET = -1;
    static final byte[] NOTHING = new byte[0];

    private final String name;
    private final long offset;
    private final String data;
    private final boolean droppable;
    private final byte[] head;
    private final byte[] idLine;
    private final byte[] body;

    /**
     * @param name      the SSE event name; null for a state-only record (item.dispatched, item.retrying,
     *                  ...), which only moves a connection's resume position and is never written
     * @param offset    the batch-events offset it came from (its SSE id), or -1 for events without one
     * @param data      the JSON payload
     * @param droppable feed items a slow client may miss (counted in feed.gap); batch-level events,
     *                  snapshots and batch.complete are never dropped
     */
    Frame(String name, long offset, String data, boolean droppable) {
        this.name = name;
        this.offset = offset;
        this.data = data;
        this.droppable = droppable;
        boolean written = name != null;
        this.head = written ? utf8("event:" + name + "\n") : NOTHING;
        this.idLine = written && offset != NO_OFFSET ? idLine(String.valueOf(offset)) : NOTHING;
        // a line break inside the data would end the field: every line is a data line of its own
        this.body = written ? utf8("data:" + data.replace("\n", "\ndata:") + "\n\n") : NOTHING;
    }

    static Frame stateOnly(long offset) {
        return new Frame(null, offset, null, false);
    }

    static byte[] idLine(String id) {
        return id == null ? NOTHING : utf8("id:" + id + "\n");
    }

    String name() {
        return name;
    }

    long offset() {
        return offset;
    }

    String data() {
        return data;
    }

    boolean droppable() {
        return droppable;
    }

    boolean visible() {
        return name != null;
    }

    byte[] head() {
        return head;
    }

    /** The id line of its own offset (empty without one). */
    byte[] idLine() {
        return idLine;
    }

    byte[] body() {
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
