package io.batchpulse.gateway.stream;

/**
 * One SSE event, encoded once and shared by every viewer of a batch.
 *
 * @param name      the SSE event name; null for a state-only record (item.dispatched, item.retrying,
 *                  ...), which only moves a connection's resume position and is never written
 * @param offset    the batch-events offset it came from (its SSE id), or -1 for events without one
 * @param data      the JSON payload
 * @param droppable feed items a slow client may miss (counted in feed.gap); batch-level events,
 *                  snapshots and batch.complete are never dropped
 */
record Frame(String name, long offset, String data, boolean droppable) {

    static final long NO_OFFSET = -1;

    static Frame stateOnly(long offset) {
        return new Frame(null, offset, null, false);
    }

    boolean visible() {
        return name != null;
    }
}
