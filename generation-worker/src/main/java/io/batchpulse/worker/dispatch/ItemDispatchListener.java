package io.batchpulse.worker.dispatch;

import io.batchpulse.events.item.ItemDispatch;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Handles the records of one poll. Readable dispatches run in parallel; the method returns once
 * every one of them is processed and its events are acknowledged, and only then does the
 * container commit the offsets (at least once).
 *
 * <p>At the first unreadable record only the records before it are processed; the listener then
 * throws a {@link BatchListenerFailedException} naming it, so the error handler commits what
 * came before, sends that record to the dead-letter topic, and the records after it come again
 * with the next poll.
 */
class ItemDispatchListener implements BatchMessageListener<String, ItemDispatch> {

    private static final LogAccessor log = new LogAccessor(ItemDispatchListener.class);

    private final ParallelDispatchRunner runner;

    ItemDispatchListener(ParallelDispatchRunner runner) {
        this.runner = runner;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, ItemDispatch>> records) {
        int unreadable = firstUnreadable(records);
        List<ConsumerRecord<String, ItemDispatch>> readable =
                unreadable < 0 ? records : records.subList(0, unreadable);
        runner.runAll(readable);
        if (unreadable >= 0) {
            UnreadableDispatchException reason = reasonUnreadable(records.get(unreadable));
            throw new BatchListenerFailedException("Unreadable item-dispatch record: " + reason.getMessage(),
                    reason, unreadable);
        }
    }

    private static int firstUnreadable(List<ConsumerRecord<String, ItemDispatch>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The reason, as the dead-letter headers will show it: the deserializer's own message
     * ("Cannot read ItemDispatch ...", "schemaVersion 2 is not supported ..."), not the
     * ErrorHandlingDeserializer's generic "failed to deserialize".
     */
    private static UnreadableDispatchException reasonUnreadable(ConsumerRecord<String, ItemDispatch> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
        if (failure == null) {
            return new UnreadableDispatchException("Empty item-dispatch record at " + where, null);
        }
        Throwable reason = failure.getCause() != null ? failure.getCause() : failure;
        return new UnreadableDispatchException(reason.getMessage() + " (at " + where + ")", failure);
    }
}
