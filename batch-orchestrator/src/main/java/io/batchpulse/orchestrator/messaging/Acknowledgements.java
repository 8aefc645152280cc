package io.batchpulse.orchestrator.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits until the broker acknowledged every record of a send, or fails naming what was sent. */
public final class Acknowledgements {

    private Acknowledgements() {
    }

    /** Throws when any record was not acknowledged within the timeout. */
    public static void await(List<? extends CompletableFuture<?>> acks, Duration timeout, String what) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " were not acknowledged", e);
        }
    }
}
