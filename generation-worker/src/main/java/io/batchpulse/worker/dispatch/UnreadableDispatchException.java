package io.batchpulse.worker.dispatch;

import io.batchpulse.events.item.ItemDispatch;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/** A dispatch record this worker cannot read; no retry can make it readable. */
class UnreadableDispatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final LogAccessor log = new LogAccessor(UnreadableDispatchException.class);

    UnreadableDispatchException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why a record the ErrorHandlingDeserializer left empty is unreadable, as the dead-letter
     * headers will show it: the deserializer's own message ("Cannot read ItemDispatch ...",
     * "schemaVersion 2 is not supported ..."), not the ErrorHandlingDeserializer's generic
     * "failed to deserialize".
     */
    static UnreadableDispatchException of(ConsumerRecord<?, ItemDispatch> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
        if (failure == null) {
            return new UnreadableDispatchException("Empty item-dispatch record at " + where, null);
        }
        Throwable reason = failure.getCause() != null ? failure.getCause() : failure;
        return new UnreadableDispatchException(reason.getMessage() + " (at " + where + ")", failure);
    }

    /** The unreadable dispatch behind a listener's failure, however the container wrapped it. */
    static Optional<UnreadableDispatchException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreadableDispatchException unreadable) {
                return Optional.of(unreadable);
            }
        }
        return Optional.empty();
    }
}
