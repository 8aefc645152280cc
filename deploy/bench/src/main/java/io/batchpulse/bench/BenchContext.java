package io.batchpulse.bench;

import io.batchpulse.events.Topics;
import io.batchpulse.events.batch.BatchCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every scenario works with: the stack, the API as the batches' owner ({@value #OWNER}),
 * a command writer for large or many batches, the event tap and the heap probes.
 */
record BenchContext(BenchOptions options, Stack stack, GatewayApi api, String token, CommandWriter commands,
        EventTap tap, Memory memory) {

    static final String OWNER = "bench";

    Topics topics() {
        return new Topics(stack.topicPrefix());
    }

    /** Waits for the batch's batch.completed on batch-events. */
    BatchCompleted awaitCompletion(UUID batchId, Duration timeout) {
        return await(tap.completion(batchId), timeout, "batch " + batchId + " to complete");
    }

    /** Waits for the batch's batch.started on batch-events. */
    void awaitStarted(UUID batchId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (tap.startedAt(batchId) == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("batch " + batchId + " did not start within " + timeout.toMinutes()
                        + " minutes");
            }
            pause(Duration.ofMillis(20));
        }
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
