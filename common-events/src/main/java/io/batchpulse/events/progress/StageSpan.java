package io.batchpulse.events.progress;

import java.time.Instant;

/** A stage the batch went through; endedAt is null while the batch is in it. */
public record StageSpan(String name, Instant startedAt, Instant endedAt) {

    public StageSpan endedAt(Instant end) {
        return new StageSpan(name, startedAt, end);
    }
}
