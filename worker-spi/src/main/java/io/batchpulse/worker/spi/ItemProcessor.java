package io.batchpulse.worker.spi;

/**
 * Runs one attempt of one item. The processor a batch names ({@code processor} in its create
 * command) is looked up by {@link #name()} among Spring beans and the implementations listed in
 * {@code META-INF/services/io.batchpulse.worker.spi.ItemProcessor} on the classpath.
 *
 * <p>Implementations are called from several threads at once and must be thread-safe. Return an
 * {@link ItemOutcome} on success; throw {@link ItemProcessingException} to fail the attempt with a
 * stable code (retryable or not). Any other exception fails the attempt as retryable
 * {@code PROCESSOR_ERROR}. An attempt that runs longer than {@link ItemWork#itemTimeout()} without
 * {@link ItemWork#reportProgress reporting progress} is considered lost and dispatched again.
 */
public interface ItemProcessor {

    /** The name batches use to pick this processor, e.g. {@code simulated}. */
    String name();

    ItemOutcome process(ItemWork work);
}
