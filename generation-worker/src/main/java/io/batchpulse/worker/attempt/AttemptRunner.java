package io.batchpulse.worker.attempt;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.worker.WorkerProperties;
import io.batchpulse.worker.processor.ProcessorRegistry;
import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Runs one dispatched attempt: publishes {@code item.started}, runs the item's processor and
 * publishes the outcome ({@code item.completed}, {@code item.retrying} or {@code item.failed}).
 * Returns when the processor is done; the returned future completes when every event of the
 * attempt is acknowledged by the broker.
 */
@Component
public class AttemptRunner {

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

    private final ProcessorRegistry processors;
    private final ItemEventPublisher publisher;
    private final ItemEvents events;
    private final RetryBackoff backoff;
    private final AttemptMetrics metrics;
    private final OutcomeSize outcomeSize;

    AttemptRunner(ProcessorRegistry processors, ItemEventPublisher publisher, RetryBackoff backoff,
            WorkerProperties properties, AttemptMetrics metrics) {
        this.metrics = metrics;
        this.processors = processors;
        this.publisher = publisher;
        this.backoff = backoff;
        this.events = new ItemEvents(properties.id());
        this.outcomeSize = new OutcomeSize(properties.maxResultSize());
    }

    public CompletableFuture<Void> run(ItemDispatch dispatch) {
        MDC.put("batchId", dispatch.batchId().toString());
        MDC.put("itemId", dispatch.itemId().toString());
        try {
            Queue<CompletableFuture<?>> sends = new ConcurrentLinkedQueue<>();
            sends.add(publisher.publish(events.started(dispatch)));
            long start = System.nanoTime();
            ItemEvent outcome = process(dispatch, sends, start);
            long elapsedNanos = System.nanoTime() - start;
            // timed by the outcome the broker took: an item.completed it refused is the item's item.failed
            sends.add(publishOutcome(dispatch, outcome, elapsedNanos / 1_000_000).thenAccept(sent ->
                    metrics.processed(dispatch.processor(), (ItemEvent) sent.getProducerRecord().value(),
                            elapsedNanos)));
            log.debug("Item {} attempt {}: {}", dispatch.index(), dispatch.attempt(), outcome.type());
            return CompletableFuture.allOf(sends.toArray(CompletableFuture<?>[]::new));
        } finally {
            MDC.remove("batchId");
            MDC.remove("itemId");
        }
    }

    private ItemEvent process(ItemDispatch dispatch, Queue<CompletableFuture<?>> sends, long start) {
        try {
            ItemProcessor processor = processors.find(dispatch.processor()).orElseThrow(() ->
                    ItemProcessingException.permanent(ItemErrorCodes.UNKNOWN_PROCESSOR,
                            "No processor named '" + dispatch.processor() + "' on this worker",
                            "available: " + processors.names()));
            ItemWork work = new ItemWork(dispatch.itemId(), dispatch.batchId(), dispatch.index(), dispatch.attempt(),
                    dispatch.maxAttempts(), dispatch.label(), dispatch.payload(), dispatch.config(),
                    dispatch.itemTimeout(), (percent, message) ->
                            sends.add(publisher.publish(events.progress(dispatch, percent, message))));
            ItemOutcome outcome = processor.process(work);
            ItemEvent completed = events.completed(dispatch, outcome == null ? ItemOutcome.of(null) : outcome,
                    elapsedMs(start));
            return outcomeSize.overLimit(completed)
                    .map(tooLarge -> failure(dispatch, tooLarge, false, start))
                    .orElse(completed);
        } catch (ItemProcessingException e) {
            ItemError error = new ItemError(e.code(), e.getMessage(), e.details());
            if (e.throttledUntil() != null) {
                // Not the item's fault: whatever attempts are left, it runs again when the upstream said.
                log.debug("Item {} attempt {} throttled until {}", dispatch.index(), dispatch.attempt(),
                        e.throttledUntil());
                return events.throttled(dispatch, error, e.throttledUntil());
            }
            return failure(dispatch, error, e.retryable(), start);
        } catch (Exception e) {
            // A bug or an unexpected condition in the processor: worth another attempt, and worth a stack trace.
            log.warn("Processor '{}' threw on item {} attempt {}", dispatch.processor(), dispatch.index(),
                    dispatch.attempt(), e);
            return failure(dispatch, new ItemError(ItemErrorCodes.PROCESSOR_ERROR, String.valueOf(e),
                    List.of(e.getClass().getName())), true, start);
        }
    }

    /**
     * Sends the outcome; one the broker refuses as too large (a topic whose max.message.bytes is
     * under worker.max-result-size) becomes the item's item.failed instead of a failed poll, which
     * would run the item again and again. The replacement is sent off the producer's I/O thread,
     * where the refusal arrives and a send could block.
     */
    private CompletableFuture<SendResult<String, Object>> publishOutcome(ItemDispatch dispatch, ItemEvent outcome,
            long durationMs) {
        return publisher.publish(outcome).exceptionallyComposeAsync(failure -> outcomeSize
                .refusedAsTooLarge(outcome, failure)
                .map(tooLarge -> {
                    log.warn("Item {} of batch {} attempt {}: the broker refused its {} as too large; failing it",
                            dispatch.index(), dispatch.batchId(), dispatch.attempt(), outcome.type());
                    return publisher.publish(events.failed(dispatch, tooLarge, false, durationMs));
                })
                .orElseGet(() -> CompletableFuture.<SendResult<String, Object>>failedFuture(failure)));
    }

    private ItemEvent failure(ItemDispatch dispatch, ItemError error, boolean retryable, long start) {
        if (retryable && !dispatch.lastAttempt()) {
            long delay = backoff.delayAfterAttemptMs(dispatch.attempt());
            log.debug("Item {} attempt {} failed with {}, retry in {} ms", dispatch.index(), dispatch.attempt(),
                    error.code(), delay);
            return events.retrying(dispatch, error, delay);
        }
        log.info("Item {} failed on attempt {} of {}: {} {}", dispatch.index(), dispatch.attempt(),
                dispatch.maxAttempts(), error.code(), error.message());
        return events.failed(dispatch, error, retryable, elapsedMs(start));
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
