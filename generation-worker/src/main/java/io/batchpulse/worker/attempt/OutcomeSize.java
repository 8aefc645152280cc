package io.batchpulse.worker.attempt;

import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.worker.spi.ItemErrorCodes;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.util.unit.DataSize;

/**
 * Keeps an attempt's outcome within what the broker takes. A record the broker refuses fails its
 * send, and a failed send fails the poll, which is redelivered without limit: the item would run
 * again and again and hold up its partition. So an outcome over {@code worker.max-result-size} is
 * the item's permanent {@code RESULT_TOO_LARGE}, and so is one the broker refuses all the same
 * (a topic with a smaller {@code max.message.bytes}).
 */
final class OutcomeSize {

    private final BatchEventSerde json = new BatchEventSerde();
    private final long maxBytes;

    OutcomeSize(DataSize maxResultSize) {
        this.maxBytes = maxResultSize.toBytes();
    }

    /** The error an outcome this large is, if it is over the limit. */
    Optional<ItemError> overLimit(ItemEvent outcome) {
        long bytes = bytes(outcome);
        if (bytes <= maxBytes) {
            return Optional.empty();
        }
        return Optional.of(new ItemError(ItemErrorCodes.RESULT_TOO_LARGE,
                "The item's " + outcome.type() + " is " + bytes + " bytes, over this worker's limit of " + maxBytes
                        + " (worker.max-result-size); return a smaller result, or store it elsewhere and return a reference",
                List.of()));
    }

    /** The error an outcome the broker refused is, if that failure was the broker's size limit. */
    Optional<ItemError> refusedAsTooLarge(ItemEvent outcome, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException tooLarge) {
                return Optional.of(new ItemError(ItemErrorCodes.RESULT_TOO_LARGE,
                        "The item's " + outcome.type() + " is " + bytes(outcome)
                                + " bytes, more than Kafka accepts on batch-events: " + tooLarge.getMessage(),
                        List.of("worker.max-result-size is " + maxBytes
                                + " bytes; keep it under the topic's max.message.bytes")));
            }
        }
        return Optional.empty();
    }

    private long bytes(ItemEvent outcome) {
        return json.serialize(null, outcome).length;
    }
}
