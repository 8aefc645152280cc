package io.batchpulse.bench;

/** One server-sent event as a client sees it: name ({@code message} when absent), data, id (null when absent). */
record SseEvent(String name, String data, String id) {
}
