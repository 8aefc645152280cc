package io.batchpulse.gateway.stream;

import java.util.function.LongPredicate;

/** A viewer being replayed; its deadline starts when its replay does. */
final class ReplayViewer {

    final SseConnection connection;
    final String key;
    final long start;
    final LongPredicate handOver;
    long deadline;

    ReplayViewer(SseConnection connection, String key, long start, LongPredicate handOver) {
        this.connection = connection;
        this.key = key;
        this.start = start;
        this.handOver = handOver;
    }

    long millisLeft() {
        return (deadline - System.nanoTime()) / 1_000_000;
    }
}
