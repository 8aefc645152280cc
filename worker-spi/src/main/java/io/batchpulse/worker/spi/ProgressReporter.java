package io.batchpulse.worker.spi;

/** Reports how far a long item got; each report is published as {@code item.progress}. */
@FunctionalInterface
public interface ProgressReporter {

    /**
     * @param percent 0..100, or null when unknown
     * @param message a short note for people watching, or null
     */
    void report(Double percent, String message);
}
